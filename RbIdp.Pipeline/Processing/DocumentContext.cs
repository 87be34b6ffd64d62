using System.Collections.Concurrent;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Processing;

/// <summary>
/// Everything the stages know about one document while it moves through the pipeline. Each stage reads
/// what earlier stages left and adds its own part; the merge stage turns it into a <see cref="DocumentAnswer"/>.
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

    /// <summary>The raw bytes of the document, once acquired.</summary>
    public ReadOnlyMemory<byte> Content { get; set; }

    /// <summary>What each stage found, by type (e.g. the intake result, the decoded pages, the OCR text).</summary>
    public StageOutputs Outputs { get; } = new();

    public IReadOnlyList<CheckError> Errors => _errors;
    public ExtractedData Extracted { get; set; } = new();
    public string LlmOutcome { get; set; } = Processing.LlmOutcome.Skipped;

    /// <summary>The version of the LLM prompt that was asked, when the LLM was asked.</summary>
    public string? LlmPromptVersion { get; set; }

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

/// <summary>A typed bag of stage outputs: one value per type. Disposes what it holds (decoded page images).</summary>
public sealed class StageOutputs : IDisposable
{
    private readonly ConcurrentDictionary<Type, object> _values = [];

    public void Set<T>(T value) where T : class => _values[typeof(T)] = value;

    public T? Get<T>() where T : class => _values.TryGetValue(typeof(T), out var value) ? (T)value : null;

    public void Dispose()
    {
        foreach (var value in _values.Values.OfType<IDisposable>())
        {
            value.Dispose();
        }

        _values.Clear();
    }

    public T Require<T>() where T : class =>
        Get<T>() ?? throw new InvalidOperationException($"No {typeof(T).Name} yet: a stage ran before the one that produces it.");
}
