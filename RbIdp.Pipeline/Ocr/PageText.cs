using System.Runtime.CompilerServices;

namespace RbIdp.Pipeline.Ocr;

/// <summary>
/// A page's text and words from what Tesseract read in one or more regions, in reading order: a line break between
/// lines, an empty line between blocks. Lines and blocks are numbered across the page (blocks from 1, lines from 0).
/// </summary>
internal static class PageText
{
    /// <summary>
    /// The words one engine read in one region. Regions of the same <paramref name="Group"/> (cut from one block of the page's
    /// layout) continue one block: their lines follow each other without an empty line.
    /// </summary>
    public sealed record Region(int Group, IReadOnlyList<TsvWord> Words);

    public static (string Text, IReadOnlyList<OcrWord> Words) Compose(IEnumerable<Region> regions)
    {
        var words = new List<OcrWord>();
        var text = new DefaultInterpolatedStringHandler(0, 0);
        var blockNumber = 0;
        var lineIndex = -1;
        (int Group, int Block)? currentBlock = null;
        (int Region, int Block, int Paragraph, int Line)? currentLine = null;
        var regionIndex = 0;
        foreach (var region in regions)
        {
            foreach (var word in region.Words)
            {
                (int, int) block = (region.Group, word.Block);
                (int, int, int, int) line = (regionIndex, word.Block, word.Paragraph, word.Line);
                if (line != currentLine)
                {
                    var newBlock = block != currentBlock;
                    if (lineIndex >= 0)
                    {
                        text.AppendLiteral(newBlock ? "\n\n" : "\n");
                    }

                    blockNumber += newBlock ? 1 : 0;
                    lineIndex++;
                    (currentBlock, currentLine) = (block, line);
                }
                else
                {
                    text.AppendLiteral(" ");
                }

                text.AppendFormatted(word.Text);
                words.Add(new OcrWord(word.Text, word.Confidence, word.Box, blockNumber, lineIndex));
            }

            regionIndex++;
        }

        return (text.ToStringAndClear(), words);
    }
}
