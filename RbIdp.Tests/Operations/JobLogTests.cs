using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Processing;
using RbIdp.Tests.Infrastructure;
using RbIdp.Tests.Worker;

namespace RbIdp.Tests.Operations;

/// <summary>
/// What the logs of a job hold: every line the worker logs in the job's trace carries the job's <c>run_id</c> (and, once
/// the run is loaded, its <c>client_id</c>); no line of the API or the worker holds the applicant's name or a line of the
/// document's text — the name is written as initials by the logging pipeline's redactor.
/// </summary>
[Collection(UsesServices.Name)]
public sealed class JobLogTests(PostgresServer postgres, RedisServer redis, S3Server s3)
{
    [Fact]
    public async Task A_jobs_log_lines_carry_its_run_id_and_never_the_applicants_name_or_the_documents_text()
    {
        var verbose = new Dictionary<string, string?> { ["Logging:LogLevel:RbIdp"] = "Debug" };
        await using var stack = await ApiAndWorker.StartAsync(postgres, redis, s3, workerSettings: verbose, apiSettings: verbose,
            services: services => services.AddLogging(logging => logging.AddFakeLogging()));
        await using var receiver = await WebhookReceiver.StartAsync();
        var submission = WorkerDocuments.ApprovedImage();
        var fio = submission.Request.Fio;

        await stack.ForgetCachedOcrAsync(submission.File);
        var runId = await stack.SubmitAsync(submission, receiver.CallbackUrl);
        var status = await stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(120));
        await stack.WaitForDeliveryAsync(runId, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1)); // the webhook job's last line comes after its delivery row

        var workerLines = stack.Worker.Services.GetFakeLogCollector().GetSnapshot();
        var apiLines = stack.Api.Services.GetFakeLogCollector().GetSnapshot();
        var trace = Assert.Single(workerLines.Where(l => Scope(l, "run_id") == runId.ToString()).Select(l => Scope(l, "TraceId")).Distinct());
        Assert.NotNull(trace);
        var jobLines = workerLines.Where(l => Scope(l, "TraceId") == trace).ToList();
        Assert.All(jobLines, l => Assert.Equal(runId.ToString(), Scope(l, "run_id")));
        Assert.Contains(jobLines, l => l.Category == "RbIdp.Pipeline.Ocr.OcrService");
        Assert.Contains(jobLines, l => l.Category == "RbIdp.Worker.Jobs.WebhookJob");
        Assert.All(jobLines.Where(l => l.Category == "RbIdp.Pipeline.Runs.RunProcessor"), l => Assert.Equal("client-a", Scope(l, "client_id")));

        var admitted = Assert.Single(apiLines, l => l.Message.Contains($"Run {runId} admitted", StringComparison.Ordinal));
        Assert.Equal("client-a", Scope(admitted, "client_id"));
        Assert.EndsWith($"of {Initials(fio)}", admitted.Message, StringComparison.Ordinal);

        var documentLines = (await OcrTextAsync(stack, runId, status.GetProperty("created_at").GetDateTimeOffset()))
            .Split('\n', StringSplitOptions.TrimEntries).Where(line => line.Length >= 12).ToList();
        Assert.NotEmpty(documentLines);
        var surname = fio.Split(' ')[0];
        foreach (var line in workerLines.Concat(apiLines))
        {
            var written = Written(line);
            Assert.DoesNotContain(surname, written, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(documentLines, text => written.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>Everything a log sink could write of a line: the message, its structured values, its scopes, its exception.</summary>
    private static string Written(FakeLogRecord line) => string.Join('\n',
        [
            line.Message,
            .. line.StructuredState?.Select(kv => $"{kv.Key}={kv.Value}") ?? [],
            .. line.Scopes.SelectMany(ScopeValues).Select(kv => $"{kv.Key}={kv.Value}"),
            line.Exception?.ToString() ?? "",
        ]);

    private static string? Scope(FakeLogRecord line, string key) =>
        line.Scopes.SelectMany(ScopeValues).Where(kv => kv.Key == key).Select(kv => kv.Value?.ToString()).LastOrDefault();

    private static IEnumerable<KeyValuePair<string, object?>> ScopeValues(object? scope) =>
        scope as IEnumerable<KeyValuePair<string, object?>> ?? [];

    /// <summary>«Иванов Иван Петрович» → «И***** И. П.».</summary>
    private static string Initials(string fio)
    {
        var parts = fio.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', [parts[0][0] + new string('*', parts[0].Length - 1), .. parts.Skip(1).Select(p => p[0] + ".")]);
    }

    private static async Task<string> OcrTextAsync(ApiAndWorker stack, Guid runId, DateTimeOffset createdAt)
    {
        var store = stack.Api.Services.GetRequiredService<IArtifactStore>();
        await using var stream = await store.OpenReadAsync(ArtifactKeys.ForRun(runId, createdAt, ArtifactKeys.Ocr), CancellationToken.None);
        Assert.NotNull(stream);
        var ocr = await JsonSerializer.DeserializeAsync(stream, PipelineJsonContext.Default.OcrDocument);
        return Assert.IsType<RbIdp.Pipeline.Ocr.OcrDocument>(ocr).FullText;
    }
}
