namespace RbIdp.Pipeline.Checks.Dates;

/// <summary>Why a date was taken as the issue date, strongest first.</summary>
internal enum IssueDateBasis
{
    /// <summary>Labelled: Дата выдачи, выдан(а), Дата заполнения, Дата составления.</summary>
    Labelled,

    /// <summary>The title's «от …» (Справка № 15 от 12.11.2026).</summary>
    Title,

    /// <summary>A bare «Дата», or a date by the signature or М.П.</summary>
    Signature,

    /// <summary>No label: the latest date that is not a birth date, a period, a deadline or a form's approval.</summary>
    Latest,

    /// <summary>Only «Дата формирования»: when an electronic document was printed, taken when nothing dates its issue.</summary>
    Printed,
}

/// <summary>What a date in a document is about.</summary>
internal enum DateRole
{
    Issue,
    Title,
    Signature,
    Unlabelled,

    /// <summary>«Дата формирования» of an electronic document: when it was printed, not issued.</summary>
    Printed,

    /// <summary>
    /// A date that never dates the document: a birth, a period (с … по …), a deadline (до, явиться, следующая явка),
    /// a form's approval, a passport's issue, a date after a person's name («Выдана Ивановой И.И., 20.09.1987»).
    /// </summary>
    Distractor,
}

/// <summary>A valid calendar date found in the text, as written, with where it stands and what it is about.</summary>
internal sealed record DateMention(DateOnly Date, string Text, int Start, int End, DateRole Role);

/// <summary>The date that dates the document, the text it was read from, and why it was chosen.</summary>
internal sealed record IssueDate(DateOnly Date, string Text, int Start, int End, IssueDateBasis Basis);
