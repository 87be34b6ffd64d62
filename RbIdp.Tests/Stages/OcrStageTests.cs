using System.Text.Json;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Verdicts;
using RbIdp.Tests.Checks;
using RbIdp.Tests.Ocr;
using RbIdp.Tests.Pipeline;
using SkiaSharp;

namespace RbIdp.Tests.Stages;

/// <summary>
/// <see cref="RbIdp.Pipeline.Stages.OcrStage"/> on a rerun: a resumed run takes the text its earlier attempt stored
/// instead of reading the pages again; a first attempt has nothing stored and does not look (one storage round trip
/// less for every document). Shown with a blank page and a stored sick-leave text: which one the answer reflects
/// tells which one was used.
/// </summary>
public sealed class OcrStageTests : IAsyncDisposable
{
    private static readonly DocumentRequest Request = new("Иванов Иван Петрович", DeferralReason.Illness, DocumentType.SickLeave, new DateOnly(2026, 11, 20));

    private readonly PipelineHost _host = new();

    [Fact]
    public async Task Resumed_run_takes_the_text_its_earlier_attempt_stored()
    {
        var run = await RunWithStoredSickLeaveTextAsync();

        var outcome = await _host.RunAsync(run, BlankPage(), Request, resumed: true);

        var answer = Assert.IsType<DocumentAnswer>(outcome.Answer);
        Assert.DoesNotContain(answer.Errors, e => e.Code == ErrorCode.UnreadableDocument);
        Assert.Equal(DocumentType.SickLeave, answer.Extracted.DocType);
    }

    [Fact]
    public async Task First_attempt_reads_the_pages_and_ignores_a_stale_text_at_its_key()
    {
        var run = await RunWithStoredSickLeaveTextAsync();

        var outcome = await _host.RunAsync(run, BlankPage(), Request, resumed: false);

        var answer = Assert.IsType<DocumentAnswer>(outcome.Answer);
        Assert.Contains(answer.Errors, e => e.Code == ErrorCode.UnreadableDocument);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task<PipelineRun> RunWithStoredSickLeaveTextAsync()
    {
        var run = PipelineRun.New();
        var text = new OcrDocument([new OcrPage(1, RussianDocumentTexts.SickLeave, [], 95, TextSource.Ocr, 0, 0, 2480, 3508, 300)]);
        using var stored = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(text, PipelineJsonContext.Default.OcrDocument));
        await _host.Store.PutAsync(run.Key(ArtifactKeys.Ocr), stored, "application/json", CancellationToken.None);
        return run;
    }

    private static byte[] BlankPage()
    {
        using var white = new SKBitmap(new SKImageInfo(1240, 1754, SKColorType.Rgba8888, SKAlphaType.Premul));
        white.Erase(SKColors.White);
        return TestPages.EncodePng(white);
    }
}
