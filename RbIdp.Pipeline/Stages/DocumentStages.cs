using RbIdp.Pipeline.Processing;

namespace RbIdp.Pipeline.Stages;

/// <summary>
/// The stages of the document pipeline in the order they run — the one place that states it (DI registration order
/// means nothing). <c>stamp</c> may start early, right after <c>decode</c> (<see cref="IPipelineStage.StartsAfter"/>).
/// What flows between them, slots of <see cref="DocumentWork"/> (each stage lists its own in <c>Reads</c>/<c>Writes</c>):
/// <code>
/// policy    request                 → (REASON_DOC_MISMATCH)
/// acquire   input                   → Content
/// intake    Content                 → Intake
/// decode    Intake                  → Decoded
/// ocr       Content, Decoded        → Ocr
/// checks    Ocr                     → TextMap, Rules, Llm
/// stamp     Decoded                 → Stamp                (starts after decode, beside ocr and checks)
/// merge     Rules, Llm, Stamp       → Merged
/// evidence  Decoded, Ocr, TextMap, Rules, Stamp → EvidenceImages
/// validate  Merged, the errors      → the final errors
/// </code>
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
