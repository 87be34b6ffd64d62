using System.Collections.Concurrent;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Processing;

/// <summary>
/// Everything the stages know about one document while it moves through the pipeline: the request and its input
/// (given), what each stage made of the document (<see cref="Work"/>, one typed slot per stage output), and what goes
/// into the <see cref="DocumentAnswer"/> (errors any stage may report, artifacts, timings).
/// Two stages may run at once (<see cref="IPipelineStage.StartsAfter"/>): what they add is collected thread-safely.
/// </summary>
public sealed class DocumentContext(Guid runId, DateTimeOffset createdAt, DocumentRequest request, DocumentInput input, DeferralPolicy policy)
{
    private readonly List<CheckError> _errors = [];
    private readonly Lock _errorsGate = new();
    private readonly ConcurrentQueue<Task> _writes = new();

    public Guid RunId { get; } = runId;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public DocumentRequest Request { get; } = request;
    public DocumentInput Input { get; } = input;
    public DeferralPolicy Policy { get; } = policy;

    /// <summary>
    /// A later attempt of a run that started before (a retry, a restart after a crash, a requeue): its stages may
    /// find what the earlier attempt stored and reuse it. A first attempt has nothing stored, and does not look.
    /// </summary>
    public bool Resumed { get; init; }

    /// <summary>What the stages made of the document: the bytes, the intake result, the pages, the text, the findings.</summary>
    internal DocumentWork Work { get; } = new();

    public IReadOnlyList<CheckError> Errors => _errors;

    /// <summary>Artifact name → storage key, for the answer.</summary>
    public ConcurrentDictionary<string, string> Artifacts { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, long> TimingsMs { get; } = new(StringComparer.Ordinal);

    /// <summary>An artifact being written while the later stages run; the pipeline answers only once all are stored.</summary>
    public void AddPendingWrite(Task write) => _writes.Enqueue(write);

    /// <summary>Completes when every write handed to <see cref="AddPendingWrite"/> has; throws the first failure.</summary>
    public Task WritesStoredAsync() => Task.WhenAll(_writes);

    public void Report(CheckError error)
    {
        lock (_errorsGate)
        {
            _errors.Add(error);
        }
    }

    public void Report(IEnumerable<CheckError> errors)
    {
        var added = errors.ToList();
        lock (_errorsGate)
        {
            _errors.AddRange(added);
        }
    }

    /// <summary>For the validate stage: the final, deduplicated and ordered list.</summary>
    public void ReplaceErrors(IEnumerable<CheckError> errors)
    {
        var final = errors.ToList();
        lock (_errorsGate)
        {
            _errors.Clear();
            _errors.AddRange(final);
        }
    }
}
