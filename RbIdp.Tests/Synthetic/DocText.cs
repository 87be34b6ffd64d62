namespace RbIdp.Tests.Synthetic;

internal enum LineStyle
{
    /// <summary>The issuing organisation, centred, bold (blue with <see cref="DocumentSpec.BlueHeader"/>).</summary>
    Header,
    Title,
    Center,
    Right,
    /// <summary>A paragraph, wrapped to the page width.</summary>
    Text,
    /// <summary>Tab-separated cells on fixed columns.</summary>
    Columns,
    /// <summary>Tab-separated cells in a ruled table row.</summary>
    TableRow,
    /// <summary>"role ______ name": the signature (and stamp) are placed here.</summary>
    Signature,
    Gap,
    PageBreak,
}

internal sealed record DocLine(string Text, LineStyle Style);

/// <summary>The text of a document as styled lines; the renderer lays them out.</summary>
internal sealed class DocText
{
    private readonly List<DocLine> _lines = [];

    public IReadOnlyList<DocLine> Lines => _lines;

    public DocText Header(string text) => Add(text, LineStyle.Header);

    public DocText Title(string text) => Add(text, LineStyle.Title);

    public DocText Center(string text) => Add(text, LineStyle.Center);

    public DocText Right(string text) => Add(text, LineStyle.Right);

    public DocText Text(string text) => Add(text, LineStyle.Text);

    public DocText Columns(params string[] cells) => Add(string.Join('\t', cells), LineStyle.Columns);

    public DocText Row(params string[] cells) => Add(string.Join('\t', cells), LineStyle.TableRow);

    public DocText Signature(string role, string name) => Add($"{role}\t{name}", LineStyle.Signature);

    public DocText Gap() => Add(string.Empty, LineStyle.Gap);

    public DocText PageBreak() => Add(string.Empty, LineStyle.PageBreak);

    private DocText Add(string text, LineStyle style)
    {
        _lines.Add(new DocLine(text, style));
        return this;
    }
}
