using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.EvidenceImages;

/// <summary>What a box on an evidence image shows.</summary>
internal enum EvidenceKind
{
    /// <summary>The subject's name the decision rests on.</summary>
    Name,

    /// <summary>The issue date chosen.</summary>
    Date,

    /// <summary>A stamp candidate taken as the issuer's stamp.</summary>
    StampAccepted,

    /// <summary>A stamp candidate looked at and refused.</summary>
    StampRefused,
}

/// <summary>One box to draw on a page, in the decoded page image's pixels, with a short Latin caption (e.g. <c>stamp 0.93</c>).</summary>
internal sealed record EvidenceMark(EvidenceKind Kind, BoundingBox Box, string Caption);
