namespace RbIdp.Pipeline.Processing;

/// <summary>One step of the document pipeline, with one async method.</summary>
public interface IPipelineStage
{
    /// <summary>The stage's name in timings, progress and traces (<c>acquire</c>, <c>decode</c>, <c>ocr</c>…).</summary>
    string Name { get; }

    /// <summary>
    /// The earlier stage after which this one may already start, beside the stages in between (it needs nothing
    /// they produce); null: it starts in its turn. Its result still counts in its own turn.
    /// </summary>
    string? StartsAfter => null;

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
