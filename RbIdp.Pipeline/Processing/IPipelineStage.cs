namespace RbIdp.Pipeline.Processing;

/// <summary>
/// One step of the document pipeline, with one async method. It states what it takes from the earlier stages and
/// what it leaves for the later ones: slots of <see cref="DocumentWork"/>, named by <c>nameof</c>.
/// </summary>
public interface IPipelineStage
{
    /// <summary>The stage's name in timings, progress and traces (<c>acquire</c>, <c>decode</c>, <c>ocr</c>…).</summary>
    string Name { get; }

    /// <summary>
    /// The earlier stage after which this one may already start, beside the stages in between (it needs nothing
    /// they produce); null: it starts in its turn. Its result still counts in its own turn.
    /// </summary>
    string? StartsAfter => null;

    /// <summary>The slots of <see cref="DocumentWork"/> this stage reads: each written by a stage before it (by <see cref="StartsAfter"/> or earlier for one that starts early).</summary>
    IReadOnlyList<string> Reads => [];

    /// <summary>The slots of <see cref="DocumentWork"/> this stage writes, once each.</summary>
    IReadOnlyList<string> Writes => [];

    Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken);
}

/// <summary>The stages a <see cref="DocumentPipeline"/> runs, in their order.</summary>
public interface IPipelineStages
{
    IReadOnlyList<IPipelineStage> InOrder { get; }
}

/// <summary>Whether the pipeline goes on, or the verdict is already decided (e.g. the reason/document mismatch).</summary>
public enum StageResult
{
    Continue,
    Stop,
}
