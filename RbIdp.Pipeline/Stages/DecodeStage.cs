using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Processing;

namespace RbIdp.Pipeline.Stages;

/// <summary>Turns the accepted file into pages: a PDF's text layer, or page images (safely decoded).</summary>
internal sealed class DecodeStage(DocumentDecoder decoder) : IPipelineStage
{
    public string Name => "decode";

    public IReadOnlyList<string> Reads { get; } = [nameof(DocumentWork.Intake)];

    public IReadOnlyList<string> Writes { get; } = [nameof(DocumentWork.Decoded)];

    public async Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var result = await decoder.DecodeAsync(context.Work.Intake.Value, cancellationToken);
        if (result.Rejection is { } rejection)
        {
            context.Report(rejection.ToCheckError());
            return StageResult.Stop;
        }

        context.Work.Decoded.Write(result.Document!);
        return StageResult.Continue;
    }
}
