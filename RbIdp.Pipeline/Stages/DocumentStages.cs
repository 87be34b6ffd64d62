using RbIdp.Pipeline.Processing;

namespace RbIdp.Pipeline.Stages;

/// <summary>
/// The stages of the document pipeline in the order they run — the one place that states it (DI registration order
/// means nothing). <c>stamp</c> may start early, right after <c>decode</c> (<see cref="IPipelineStage.StartsAfter"/>).
/// </summary>
internal sealed class DocumentStages(
    EvidencePolicyStage policy,
    AcquireStage acquire,
    IntakeStage intake,
    DecodeStage decode,
    OcrStage ocr,
    ChecksStage checks,
    StampStage stamp,
    MergeStage merge,
    EvidenceImageStage evidence,
    ValidateStage validate) : IPipelineStages
{
    public IReadOnlyList<IPipelineStage> InOrder { get; } = [policy, acquire, intake, decode, ocr, checks, stamp, merge, evidence, validate];
}
