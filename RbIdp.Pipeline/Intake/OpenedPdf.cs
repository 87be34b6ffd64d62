using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace RbIdp.Pipeline.Intake;

/// <summary>
/// A PDF opened once, at intake, and read by the decoder through the same parser: every use runs under the
/// document's <see cref="PdfBudget"/> — a deadline for the parser's time, caps on what its streams decompress to
/// and on its objects and nesting (<see cref="PdfLimits"/>). A use that runs past the deadline is abandoned
/// (the budget is exhausted, so the parser stops at its next stream) and the document is unreadable.
/// </summary>
internal sealed class OpenedPdf : IDisposable
{
    private readonly PdfDocument _document;

    private OpenedPdf(PdfDocument document, PdfBudget budget)
    {
        _document = document;
        Budget = budget;
    }

    public PdfBudget Budget { get; }

    /// <summary>
    /// Opens <paramref name="content"/>: its syntax checked first (<see cref="PdfStructure"/>), then parsed strictly,
    /// and leniently when the strict parse fails (scanners write slightly malformed files). Throws
    /// <see cref="PdfLimitExceededException"/>, <see cref="PdfDocumentEncryptedException"/>, or the parser's exception.
    /// </summary>
    public static OpenedPdf Open(ReadOnlyMemory<byte> content, PdfLimits limits, long maxPixels, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var budget = new PdfBudget(limits, timeProvider);
        var document = Guarded(budget, () =>
        {
            PdfStructure.Check(content.Span, budget);
            try
            {
                return Parse(content, budget, maxPixels, lenient: false);
            }
            catch (Exception e) when (e is not (PdfDocumentEncryptedException or PdfLimitExceededException) && budget.Exhausted is null)
            {
                return Parse(content, budget, maxPixels, lenient: true);
            }
        }, cancellationToken);
        return new OpenedPdf(document, budget);
    }

    /// <summary>Runs <paramref name="read"/> on the document within what is left of the deadline.</summary>
    public T Read<T>(Func<PdfDocument, T> read, CancellationToken cancellationToken) => Guarded(Budget, () => read(_document), cancellationToken);

    public void Dispose() => _document.Dispose();

    private static PdfDocument Parse(ReadOnlyMemory<byte> content, PdfBudget budget, long maxPixels, bool lenient)
    {
        var document = PdfDocument.Open(content, new ParsingOptions
        {
            UseLenientParsing = lenient,
            FilterProvider = new GuardedFilterProvider(budget, maxPixels),
        });
        try
        {
            // Reading the page tree here makes a broken or hostile one fail now, under the deadline.
            _ = document.NumberOfPages;
            budget.ThrowIfExhausted();
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The parser is synchronous and cannot be cancelled: it runs on a pool thread while this one waits for what is
    /// left of the deadline. Past it, the budget is exhausted (the abandoned parse throws at its next stream) and
    /// the caller gets <see cref="PdfLimitExceededException"/>. An exhausted budget also fails a parse that caught
    /// the guard's exception and carried on.
    /// </summary>
    private static T Guarded<T>(PdfBudget budget, Func<T> work, CancellationToken cancellationToken)
    {
        budget.ThrowIfExhausted();
        using (budget.Section())
        {
            var task = Task.Run(work, CancellationToken.None);
            bool finished;
            try
            {
                finished = task.Wait(budget.Remaining < TimeSpan.Zero ? TimeSpan.Zero : budget.Remaining, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The caller gave up: the parse is abandoned like one past its deadline.
                _ = task.ContinueWith(static t => t.Exception, TaskScheduler.Default);
                budget.Abandon("the caller canceled");
                throw;
            }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                budget.ThrowIfExhausted();
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException!);
                throw;
            }

            if (!finished)
            {
                // Observed later, so an abandoned parse's failure is not an unobserved task exception.
                _ = task.ContinueWith(static t => t.Exception, TaskScheduler.Default);
                budget.Exhaust($"parsing took longer than {budget.Limits.Deadline.TotalSeconds:0.#} s");
            }

            budget.ThrowIfExhausted();
            return task.Result;
        }
    }
}
