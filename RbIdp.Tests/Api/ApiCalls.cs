using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Runs;
using RbIdp.Tests.Synthetic;

namespace RbIdp.Tests.Api;

/// <summary>Submissions and assertions the API tests share.</summary>
public static class ApiCalls
{
    public const string Fio = "Иванов Иван Петрович";
    public static readonly DateOnly ApplicationDate = new(2026, 11, 20);

    /// <summary>A real one-page synthetic sick leave (PNG, 150 dpi): issued 20 days before the application: a document the pipeline approves.</summary>
    public static byte[] SickLeavePng => LazySickLeave.Value;

    /// <summary>The same sick leave twice, as a two-page TIFF.</summary>
    public static byte[] TwoPageTiff => LazyTwoPages.Value;

    private static readonly Lazy<byte[]> LazySickLeave = new(() => Render(1, FileFormat.Png));
    private static readonly Lazy<byte[]> LazyTwoPages = new(() => Render(2, FileFormat.Tiff));

    private static byte[] Render(int copies, FileFormat format)
    {
        var documents = Enumerable.Range(0, copies)
            .Select(_ => DocumentGenerator.Render(new DocumentSpec(DocumentType.SickLeave, Fio, ApplicationDate.AddDays(-20)) { Dpi = 150 }))
            .ToArray();
        try
        {
            return PdfFactory.Encode(format, documents);
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    public static MultipartFormDataContent Form(
        byte[] file, string? requestId = null, string fio = Fio, string reason = "illness", string docType = "sick_leave",
        string fileName = "document.png")
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        form.Add(new StringContent(fio), "fio");
        form.Add(new StringContent(reason), "reason");
        form.Add(new StringContent(docType), "doc_type");
        form.Add(new StringContent(ApplicationDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "application_date");
        if (requestId is not null)
        {
            form.Add(new StringContent(requestId), "request_id");
        }

        return form;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>Asserts an RFC 9457 answer: the status, problem+json, the stable type, a title and the trace id.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("trace_id").GetString()));
        return problem;
    }

    /// <summary>The field names of a validation problem's <c>errors</c>.</summary>
    public static string[] ErrorFields(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    public static Guid RunId(JsonElement body) => body.GetProperty("run_id").GetGuid();

    public static async Task<T> WithDbAsync<T>(this ApiFactory api, Func<RunsDbContext, Task<T>> query)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<RunsDbContext>());
    }

    public static Task<DocumentRun> RunAsync(this ApiFactory api, Guid runId) =>
        api.WithDbAsync(db => db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId));

    /// <summary>Rows in Hangfire's job table: one per enqueued job.</summary>
    public static async Task<long> HangfireJobCountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT to_regclass('hangfire.job') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync())!)
        {
            return 0;
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM hangfire.job", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
