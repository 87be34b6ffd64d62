using RbIdp.Pipeline.Checks;
using RbIdp.Pipeline.Checks.Text;
using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Llm;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Stamps;

namespace RbIdp.Pipeline.Processing;

/// <summary>
/// What the stages have made of one document so far: one slot per thing a stage produces, each written once by the
/// stage that makes it and read by later ones. A stage lists the slots it reads and writes
/// (<see cref="IPipelineStage.Reads"/>, <see cref="IPipelineStage.Writes"/>); while the pipeline runs a stage, touching
/// a slot the stage did not list is an error, so the lists are what the code does. Disposing the work disposes what
/// it holds (the opened PDF, the decoded page images).
/// </summary>
internal sealed class DocumentWork : IDisposable
{
    private static readonly AsyncLocal<IPipelineStage?> Running = new();

    /// <summary>The document's bytes, as <c>acquire</c> read them.</summary>
    public StageSlot<ReadOnlyMemory<byte>> Content { get; } = new(nameof(Content));

    /// <summary>The file type and page headers <c>intake</c> accepted (for a PDF, the document it opened).</summary>
    public StageSlot<IntakeResult> Intake { get; } = new(nameof(Intake));

    /// <summary>The pages <c>decode</c> made: text layers or page images.</summary>
    public StageSlot<DecodedDocument> Decoded { get; } = new(nameof(Decoded));

    /// <summary>The text <c>ocr</c> read off the pages (or reused), with its confidence.</summary>
    public StageSlot<OcrDocument> Ocr { get; } = new(nameof(Ocr));

    /// <summary>How surely each stretch of the text was read and where on the page, as <c>checks</c> mapped it.</summary>
    public StageSlot<OcrTextMap> TextMap { get; } = new(nameof(TextMap));

    /// <summary>What the rules found in the text (<c>checks</c>).</summary>
    public StageSlot<RuleFindings> Rules { get; } = new(nameof(Rules));

    /// <summary>What the LLM said about the same checks (<c>checks</c>): used, skipped or failed.</summary>
    public StageSlot<LlmCheck> Llm { get; } = new(nameof(Llm));

    /// <summary>The stamp found (or not) on the page images (<c>stamp</c>).</summary>
    public StageSlot<StampFinding> Stamp { get; } = new(nameof(Stamp));

    /// <summary>The rules, the LLM and the stamp reconciled into the extracted data (<c>merge</c>).</summary>
    public StageSlot<MergedFindings> Merged { get; } = new(nameof(Merged));

    /// <summary>The artifact names of the evidence images drawn (<c>evidence</c>).</summary>
    public StageSlot<IReadOnlyList<string>> EvidenceImages { get; } = new(nameof(EvidenceImages));

    /// <summary>Every slot, in the order the stages write them.</summary>
    public IReadOnlyList<IStageSlot> All => [Content, Intake, Decoded, Ocr, TextMap, Rules, Llm, Stamp, Merged, EvidenceImages];

    /// <summary>
    /// The answer's extracted data as far as the stages got: the page count (read, or else from the headers), the OCR
    /// confidence and what the merge settled.
    /// </summary>
    public ExtractedData Extracted
    {
        get
        {
            var merged = Merged.ValueOrDefault;
            var ocr = Ocr.ValueOrDefault;
            return new ExtractedData(
                merged?.DocType,
                merged?.IssueDate,
                merged?.Person,
                merged?.Stamp,
                ocr is null ? null : Math.Round(ocr.MeanConfidence, 1),
                ocr?.Pages.Count ?? Intake.ValueOrDefault?.PageCount);
        }
    }

    /// <summary>
    /// From here on, in the calling async method and what it awaits, <paramref name="stage"/> is the one running: its slot
    /// lists are enforced. The pipeline calls it in the method that runs one stage; the method's caller, and a stage
    /// running beside it, do not see it.
    /// </summary>
    internal static void EnterStage(IPipelineStage stage) => Running.Value = stage;

    /// <summary>Throws when a stage the pipeline runs touches a slot it did not list (reading back what it wrote itself is fine).</summary>
    internal static void CheckAccess(string slot, bool write)
    {
        if (Running.Value is not { } stage)
        {
            return; // a test or a tool driving one stage by hand
        }

        var listed = write ? stage.Writes : stage.Reads;
        if (!listed.Contains(slot, StringComparer.Ordinal) && (write || !stage.Writes.Contains(slot, StringComparer.Ordinal)))
        {
            throw new InvalidOperationException(
                $"The stage '{stage.Name}' {(write ? "writes" : "reads")} the slot {slot} without listing it in its {(write ? "Writes" : "Reads")}.");
        }
    }

    public void Dispose()
    {
        foreach (var slot in All)
        {
            slot.Dispose();
        }
    }
}

/// <summary>A slot of <see cref="DocumentWork"/>, whatever it holds.</summary>
internal interface IStageSlot : IDisposable
{
    /// <summary>The slot's name, as stages list it (<c>nameof(DocumentWork.Ocr)</c>).</summary>
    string Name { get; }
}

/// <summary>
/// One thing a stage produces: written once, then read. Reading it before it is written, or writing it twice, is a
/// fault in the order of the stages and throws an <see cref="InvalidOperationException"/> naming the slot.
/// </summary>
internal sealed class StageSlot<T>(string name) : IStageSlot
{
    private readonly Lock _gate = new();
    private T? _value;
    private volatile bool _written;

    public string Name { get; } = name;

    /// <summary>The value; throws when no stage has written it yet.</summary>
    public T Value
    {
        get
        {
            DocumentWork.CheckAccess(Name, write: false);
            return _written ? _value! : throw new InvalidOperationException(
                $"The slot {Name} is read before a stage wrote it: a stage runs before the one that produces it.");
        }
    }

    /// <summary>The value, or the type's default when no stage has written it (for a stage that can do without it).</summary>
    public T? ValueOrDefault
    {
        get
        {
            DocumentWork.CheckAccess(Name, write: false);
            return _written ? _value : default;
        }
    }

    public void Write(T value)
    {
        DocumentWork.CheckAccess(Name, write: true);
        lock (_gate)
        {
            if (_written)
            {
                throw new InvalidOperationException($"The slot {Name} is written twice: one stage makes it, once.");
            }

            _value = value;
            _written = true;
        }
    }

    /// <summary>Disposes the value when it holds resources (page images, an opened PDF).</summary>
    public void Dispose()
    {
        if (_written && _value is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}

/// <summary>What the merge stage settled from the rules, the LLM and the stamp; the errors it raised are reported on the context.</summary>
internal sealed record MergedFindings(
    DocumentType? DocType,
    DateOnly? IssueDate,
    string? Person,
    StampSummary? Stamp,
    string LlmOutcome,
    string? LlmPromptVersion);
