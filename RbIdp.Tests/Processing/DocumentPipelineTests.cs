using Microsoft.Extensions.Logging.Abstractions;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Processing;
using SkiaSharp;

namespace RbIdp.Tests.Processing;

/// <summary>
/// The pipeline runner: stages in order, a stage that needs only early outputs started beside the others, each stage
/// held to the slots it lists, and artifacts written beside the later stages but all stored before the answer.
/// </summary>
public sealed class DocumentPipelineTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The stages in the order they started.</summary>
    private readonly List<string> _log = [];

    [Fact]
    public async Task A_stage_that_starts_after_decode_runs_while_ocr_is_still_reading()
    {
        var ocrMayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stamp = new Stage("stamp", startsAfter: "decode", run: async _ =>
        {
            ocrMayFinish.SetResult(); // only reachable while the OCR stage is still waiting
            await Task.Yield();
            return StageResult.Continue;
        });
        var ocr = new Stage("ocr", run: async ct =>
        {
            await ocrMayFinish.Task.WaitAsync(Timeout, ct);
            return StageResult.Continue;
        });
        var pipeline = Pipeline(new Stage("decode"), ocr, new Stage("checks"), stamp, new Stage("merge"));

        var outcome = await pipeline.RunAsync(NewContext(), progress: null, CancellationToken.None);

        Assert.NotNull(outcome.Answer); // the OCR stage could only finish because the stamp stage ran meanwhile
        Assert.Equal(["decode"], _log[..1]);
        Assert.Equal(["checks", "merge"], _log[^2..]);
        Assert.True(outcome.Answer.TimingsMs.ContainsKey("stamp"));
    }

    [Fact]
    public async Task A_failure_of_a_stage_started_early_fails_the_run_in_that_stage_s_turn()
    {
        var stamp = new Stage("stamp", startsAfter: "decode", run: _ => throw new InvalidOperationException("detector broke"));
        var pipeline = Pipeline(new Stage("decode"), new Stage("ocr"), stamp, new Stage("merge"));

        var outcome = await pipeline.RunAsync(NewContext(), progress: null, CancellationToken.None);

        Assert.Null(outcome.Answer);
        Assert.Equal("stamp", outcome.FailedStage);
        Assert.False(outcome.Transient);
        Assert.Contains("detector broke", outcome.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_a_stage_stops_the_run_a_stage_started_early_still_finishes_before_the_pages_are_released()
    {
        var image = new SKBitmap(8, 8);
        var stampRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stampFinished = false;
        var pagesHeldWhileStampRan = false;
        var stamp = new Stage("stamp", startsAfter: "decode", run: async ct =>
        {
            stampRunning.SetResult();
            await Task.Delay(200, ct);
            pagesHeldWhileStampRan = image.Handle != IntPtr.Zero;
            stampFinished = true;
            return StageResult.Continue;
        });
        var ocr = new Stage("ocr", run: async ct =>
        {
            await stampRunning.Task.WaitAsync(Timeout, ct);
            return StageResult.Stop; // e.g. nothing readable on the page
        });
        var context = NewContext();
        context.Work.Decoded.Write(new DecodedDocument(DocumentFormat.Png, [new DecodedPage(1, null, image, 300)]));

        await Pipeline(new Stage("decode"), ocr, stamp, new Stage("merge")).RunAsync(context, progress: null, CancellationToken.None);

        Assert.True(stampFinished, "the early stage was abandoned");
        Assert.True(pagesHeldWhileStampRan, "the pages were released while the early stage still ran");
        Assert.Equal(IntPtr.Zero, image.Handle); // and released once the run is over
    }

    [Fact]
    public async Task A_stage_that_touches_a_slot_it_does_not_list_fails_the_run_naming_stage_and_slot()
    {
        var context = NewContext();
        var ocr = new Stage("ocr", writes: [nameof(DocumentWork.Ocr)], run: _ =>
        {
            context.Work.Ocr.Write(new OcrDocument([]));
            return Task.FromResult(StageResult.Continue);
        });
        var checks = new Stage("checks", run: _ => Task.FromResult(context.Work.Ocr.Value.Pages.Count == 0 ? StageResult.Continue : StageResult.Stop));

        var outcome = await Pipeline(ocr, checks).RunAsync(context, progress: null, CancellationToken.None);

        Assert.Null(outcome.Answer);
        Assert.Equal("checks", outcome.FailedStage);
        Assert.Contains("'checks' reads the slot Ocr without listing it", outcome.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stage_reads_what_an_earlier_stage_wrote_when_it_lists_it()
    {
        var context = NewContext();
        var read = -1;
        var ocr = new Stage("ocr", writes: [nameof(DocumentWork.Ocr)], run: _ =>
        {
            context.Work.Ocr.Write(new OcrDocument([]));
            return Task.FromResult(StageResult.Continue);
        });
        var checks = new Stage("checks", reads: [nameof(DocumentWork.Ocr)], run: _ =>
        {
            read = context.Work.Ocr.Value.Pages.Count;
            return Task.FromResult(StageResult.Continue);
        });

        var outcome = await Pipeline(ocr, checks).RunAsync(context, progress: null, CancellationToken.None);

        Assert.NotNull(outcome.Answer);
        Assert.Equal(0, read);
    }

    [Fact]
    public async Task An_artifact_is_written_while_the_later_stages_run_and_the_answer_waits_for_it()
    {
        var context = NewContext();
        var write = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writePendingDuringMerge = false;
        var ocr = new Stage("ocr", run: _ =>
        {
            context.AddPendingWrite(write.Task);
            return Task.FromResult(StageResult.Continue);
        });
        var merge = new Stage("merge", run: ct =>
        {
            writePendingDuringMerge = !write.Task.IsCompleted;
            _ = Task.Delay(200, ct).ContinueWith(delay => write.SetResult(), TaskScheduler.Default);
            return Task.FromResult(StageResult.Continue);
        });

        var outcome = await Pipeline(new Stage("decode"), ocr, merge).RunAsync(context, progress: null, CancellationToken.None);

        Assert.True(writePendingDuringMerge, "the merge stage waited for the OCR stage's artifact to be written");
        Assert.True(write.Task.IsCompleted, "the pipeline answered before the artifact was stored");
        Assert.NotNull(outcome.Answer);
    }

    [Fact]
    public async Task An_artifact_write_that_fails_after_its_stage_returned_fails_the_run_for_a_retry()
    {
        var context = NewContext();
        var ocr = new Stage("ocr", run: ct =>
        {
            context.AddPendingWrite(Task.Run(
                async () =>
                {
                    await Task.Delay(50, ct);
                    throw new TransientStorageException("S3 put of 'ocr.json' failed temporarily");
                },
                ct));
            return Task.FromResult(StageResult.Continue);
        });

        var outcome = await Pipeline(new Stage("decode"), ocr, new Stage("merge")).RunAsync(context, progress: null, CancellationToken.None);

        Assert.Null(outcome.Answer);
        Assert.True(outcome.Transient);
        Assert.Equal("artifacts", outcome.FailedStage);
        Assert.Contains("ocr.json", outcome.Failure, StringComparison.Ordinal);
    }

    private DocumentPipeline Pipeline(params Stage[] stages)
    {
        foreach (var stage in stages)
        {
            stage.Log = _log;
        }

        return new DocumentPipeline(new StageList(stages), TimeProvider.System, NullLogger<DocumentPipeline>.Instance);
    }

    private static DocumentContext NewContext() => new(
        Guid.CreateVersion7(), DateTimeOffset.UnixEpoch,
        new DocumentRequest("Иванов Иван Петрович", DeferralReason.Illness, DocumentType.SickLeave, new DateOnly(2026, 11, 1)),
        new DocumentInput("runs/test/input"), DeferralPolicy.LoadDefault());

    private sealed record StageList(IReadOnlyList<IPipelineStage> InOrder) : IPipelineStages;

    private sealed class Stage(
        string name, string? startsAfter = null, Func<CancellationToken, Task<StageResult>>? run = null, string[]? reads = null, string[]? writes = null)
        : IPipelineStage
    {
        public List<string> Log { get; set; } = [];

        public string Name => name;

        public string? StartsAfter => startsAfter;

        public IReadOnlyList<string> Reads => reads ?? [];

        public IReadOnlyList<string> Writes => writes ?? [];

        public async Task<StageResult> RunAsync(DocumentContext context, CancellationToken cancellationToken)
        {
            lock (Log)
            {
                Log.Add(name);
            }

            return run is null ? StageResult.Continue : await run(cancellationToken);
        }
    }
}
