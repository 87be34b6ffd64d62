using System.Text.Json.Serialization;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Intake;

/// <summary>Why a file was refused before (or while) decoding it. Every reason maps to <c>UNREADABLE_DOCUMENT</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IntakeRejection>))]
internal enum IntakeRejection
{
    /// <summary>Empty, truncated or corrupt, or not decodable.</summary>
    [JsonStringEnumMemberName("UNREADABLE_DOCUMENT")] Unreadable,

    /// <summary>Not a PDF, JPEG, PNG or TIFF.</summary>
    [JsonStringEnumMemberName("UNSUPPORTED_FORMAT")] UnsupportedFormat,

    /// <summary>More bytes than <see cref="Policy.IntakeLimits.MaxFileBytes"/>.</summary>
    [JsonStringEnumMemberName("FILE_TOO_LARGE")] FileTooLarge,

    /// <summary>More pages than <see cref="Policy.IntakeLimits.MaxPages"/>.</summary>
    [JsonStringEnumMemberName("TOO_MANY_PAGES")] TooManyPages,

    /// <summary>A page image over the pixel limits (per side or per page): refused before it is allocated.</summary>
    [JsonStringEnumMemberName("IMAGE_TOO_LARGE")] ImageTooLarge,

    /// <summary>A PDF protected by a password the service does not have.</summary>
    [JsonStringEnumMemberName("ENCRYPTED_DOCUMENT")] Encrypted,
}

/// <summary>A refusal with a human-readable detail (no document content in it).</summary>
internal sealed record DocumentRejection(IntakeRejection Reason, string Detail)
{
    /// <summary>The DOMAIN.md error this refusal becomes in the verdict.</summary>
    public CheckError ToCheckError() =>
        new(ErrorCode.UnreadableDocument, Severity.Reject, Detail, ErrorSource.Intake);
}
