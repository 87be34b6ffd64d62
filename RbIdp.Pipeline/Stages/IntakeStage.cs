using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Processing;

namespace RbIdp.Pipeline.Stages;

/// <summary>Detects the file type by content and enforces the policy limits from headers, before anything is decoded.</summary>
internal sealed class IntakeStage(DocumentIntake intake) : IPipelineStage
{
    public string Name => "intake";

    public Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var result = intake.Inspect(context.Content);
        if (result.Error is { } error)
        {
            context.Report(error);
            return Task.FromResult(StageResult.Stop);
        }

        context.Outputs.Set(result);
        context.Extracted = context.Extracted with { Pages = result.PageCount };
        return Task.FromResult(StageResult.Continue);
    }
}
