using RbIdp.Pipeline.Documents;

namespace RbIdp.Tests.Synthetic;

/// <summary>What fills the page: a real-looking document of <see cref="DocumentSpec.Type"/>, or a page that is not one.</summary>
public enum PageContent
{
    Document,
    Blank,
    Noise,
    UnrelatedText,
}

/// <summary>How the subject's name is printed where the template names the subject.</summary>
public enum SubjectForm
{
    /// <summary>"Иванов Иван Петрович".</summary>
    Nominative,
    /// <summary>"Иванова Ивана Петровича".</summary>
    Genitive,
    /// <summary>"Иванову Ивану Петровичу".</summary>
    Dative,
    /// <summary>"Ивановым Иваном Петровичем".</summary>
    Instrumental,
    /// <summary>"Иванов И.П." (declined like the template's default case).</summary>
    Initials,
    /// <summary>"Фамилия ИВАНОВ / Имя ИВАН / Отчество ПЕТРОВИЧ" on labelled fields.</summary>
    LabelledFields,
}

public enum DateStyle
{
    /// <summary>12.11.2026</summary>
    Numeric,
    /// <summary>«12» ноября 2026 г.</summary>
    Quoted,
    /// <summary>12 ноября 2026 года</summary>
    Words,
    /// <summary>2026-11-12</summary>
    Iso,
}

public enum StampShape
{
    Round,
    Rectangular,
}

public enum InkColor
{
    Blue,
    Violet,
}

/// <summary>An official stamp. <paramref name="OverText"/> puts it on top of the printed lines instead of in a clear margin.</summary>
public sealed record StampSpec(StampShape Shape = StampShape.Round, InkColor Color = InkColor.Blue, bool OverText = false, double DiameterMm = 40);

/// <summary>What a scanner, a phone camera or a copier did to the page.</summary>
public sealed record ScanEffects
{
    public static readonly ScanEffects None = new();

    /// <summary>0, 90, 180 or 270 degrees clockwise.</summary>
    public int Rotation { get; init; }

    /// <summary>Small skew in degrees (positive is clockwise).</summary>
    public double SkewDegrees { get; init; }

    /// <summary>Gaussian blur sigma in pixels at the rendered DPI.</summary>
    public double BlurSigma { get; init; }

    /// <summary>Gaussian noise standard deviation in grey levels (0–255).</summary>
    public double NoiseSigma { get; init; }

    /// <summary>Re-encode through JPEG at this quality (1–100) to get its artefacts.</summary>
    public int? JpegQuality { get; init; }

    public bool Greyscale { get; init; }
}

/// <summary>
/// One synthetic document page to render. The subject is given in the nominative; the template declines
/// it (or prints <see cref="PrintedSubject"/> verbatim).
/// </summary>
public sealed record DocumentSpec(DocumentType Type, string SubjectFio, DateOnly IssueDate)
{
    public PageContent Content { get; init; } = PageContent.Document;

    /// <summary>Null: the template's usual form.</summary>
    public SubjectForm? SubjectForm { get; init; }

    /// <summary>Print exactly this where the subject's name goes (e.g. an OCR-like misspelling).</summary>
    public string? PrintedSubject { get; init; }

    /// <summary>A line printed at the foot of the document, such as an instruction planted for an LLM to read.</summary>
    public string? Note { get; init; }

    /// <summary>Leave the subject's name out (fields blank).</summary>
    public bool OmitSubject { get; init; }

    /// <summary>Leave the issue date out (blank "«__» ______ 20__ г." fields); other dates stay.</summary>
    public bool OmitIssueDate { get; init; }

    public DateStyle? DateStyle { get; init; }

    /// <summary>Doctor (medical documents), nominative; printed with initials.</summary>
    public string DoctorFio { get; init; } = "Петрова Анна Сергеевна";

    /// <summary>Head of the issuing body who signs, nominative; printed with initials.</summary>
    public string SignatoryFio { get; init; } = "Смирнов Алексей Викторович";

    /// <summary>The subject's birth date (a distractor date on most documents).</summary>
    public DateOnly BirthDate { get; init; } = new(1986, 5, 14);

    /// <summary>
    /// Print the dates other than the issue date: birth date, form-approval orders in the header, periods,
    /// related orders and events. Without them (and with <see cref="OmitIssueDate"/>) a page carries no date at all.
    /// </summary>
    public bool DistractorDates { get; init; } = true;

    /// <summary>Null: no stamp.</summary>
    public StampSpec? Stamp { get; init; }

    public bool Signature { get; init; } = true;

    /// <summary>Draw the signature across the stamp.</summary>
    public bool SignatureOverStamp { get; init; }

    /// <summary>Print the organisation header in blue, with a blue rule under it.</summary>
    public bool BlueHeader { get; init; }

    public ScanEffects Scan { get; init; } = ScanEffects.None;

    public int Dpi { get; init; } = 300;

    /// <summary>Varies numbers, organisations, fonts and the small layout choices.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Null: picked from the seed. Otherwise a file name under /usr/share/fonts/truetype (e.g. "dejavu/DejaVuSerif.ttf").</summary>
    public string? Font { get; init; }
}
