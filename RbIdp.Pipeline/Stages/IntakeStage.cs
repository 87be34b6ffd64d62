using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Processing;

namespace RbIdp.Pipeline.Stages;

/// <summary>Detects the file type by content and enforces the policy limits from headers, before anything is decoded.</summary>
internal sealed class IntakeStage(DocumentIntake intake) : IPipelineStage
{
    public string Name => "intake";

    public IReadOnlyList<string> Reads { get; } = [nameof(DocumentWork.Content)];

    public IReadOnlyList<string> Writes { get; } = [nameof(DocumentWork.Intake)];

    public Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var result = intake.Inspect(context.Work.Content.Value);
        if (result.Error is { } error)
        {
            context.Report(error);
            return Task.FromResult(StageResult.Stop);
        }

        context.Work.Intake.Write(result);
        return Task.FromResult(StageResult.Continue);
    }
}
