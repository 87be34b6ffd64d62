using System.Text.Json.Nodes;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Verdicts;
using RbIdp.Tests.Infrastructure;
using RbIdp.Tests.Pipeline;
using RbIdp.Tests.Synthetic;

namespace RbIdp.Tests.Llm;

/// <summary>
/// The whole pipeline (real OCR, rules, stamp, merge) over a rendered sick leave, with the LLM on a local
/// OpenAI-compatible server: its outcome reaches the answer and its disagreement reaches the verdict.
/// </summary>
public sealed class LlmPipelineTests : IAsyncLifetime
{
    private const string Applicant = "Кузнецова Ольга Андреевна";
    private static readonly DateOnly Issued = new(2026, 11, 10);
    private static readonly DateOnly Applied = new(2026, 11, 20);

    private readonly CancellationTokenSource _bound = new(TimeSpan.FromMinutes(3));
    private FakeLlmServer _server = null!;
    private PipelineHost _host = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeLlmServer.StartAsync();
        _host = Host(_server.Endpoint);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _server.DisposeAsync();
        _bound.Dispose();
    }

    [Fact]
    public async Task Llm_that_agrees_is_used_and_the_sick_leave_is_approved()
    {
        _server.Enqueue(FakeLlmReply.Answer(LlmAnswers.SickLeave(Applicant)));

        var answer = await RunAsync(_host);

        Assert.Equal(LlmOutcome.Used, answer.Llm);
        Assert.Equal(Verdict.Approved, answer.Verdict);
        Assert.Empty(answer.Errors);
        Assert.Contains(ArtifactKeys.LlmChecks, answer.Artifacts.Keys);
        var sent = Assert.Single(_server.Requests);
        Assert.Contains("нетрудоспособности", sent.UserMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("КУЗНЕЦОВА", sent.UserMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Llm_that_names_another_subject_sends_the_document_to_review_with_checks_disagree()
    {
        _server.Enqueue(FakeLlmReply.Answer(LlmAnswers.SickLeave("Петров Сергей Сергеевич")));

        var answer = await RunAsync(_host);

        Assert.Equal(LlmOutcome.Used, answer.Llm);
        Assert.Equal(Verdict.ManualReview, answer.Verdict);
        var disagree = Assert.Single(answer.Errors);
        Assert.Equal(ErrorCode.ChecksDisagree, disagree.Code);
        Assert.Equal(ErrorSource.Merge, disagree.Source);
        Assert.Contains("Петров Сергей Сергеевич", disagree.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Llm_that_cannot_be_reached_is_reported_failed_and_the_rules_decide()
    {
        await using var host = Host(new Uri($"http://127.0.0.1:{LocalServer.FreePort()}/v1"));

        var answer = await RunAsync(host);

        Assert.Equal(LlmOutcome.Failed, answer.Llm);
        Assert.Equal(Verdict.Approved, answer.Verdict);
        Assert.Empty(answer.Errors);
        await using var stored = await host.Store.OpenReadAsync(answer.Artifacts[ArtifactKeys.LlmChecks], _bound.Token);
        var artifact = await JsonNode.ParseAsync(stored!, cancellationToken: _bound.Token);
        Assert.Equal(LlmOutcome.Failed, artifact?["outcome"]?.GetValue<string>());
        Assert.Contains(nameof(HttpRequestException), artifact?["error"]?.GetValue<string>(), StringComparison.Ordinal);
    }

    private static PipelineHost Host(Uri llmEndpoint) => new(new Dictionary<string, string?>
    {
        ["Llm:Endpoint"] = llmEndpoint.ToString(),
        ["Llm:ApiKey"] = "sk-pipeline-test",
        ["Llm:Timeout"] = "00:00:10",
    });

    private async Task<DocumentAnswer> RunAsync(PipelineHost host)
    {
        byte[] png;
        using (var document = DocumentGenerator.Render(new DocumentSpec(DocumentType.SickLeave, Applicant, Issued)))
        {
            png = document.Pages[0].ToPng();
        }

        var outcome = await host.RunAsync(png, Applicant, DeferralReason.Illness, DocumentType.SickLeave, Applied, _bound.Token);
        Assert.True(outcome.Answer is not null, $"the run failed at {outcome.FailedStage}: {outcome.Failure}");
        return outcome.Answer;
    }
}
