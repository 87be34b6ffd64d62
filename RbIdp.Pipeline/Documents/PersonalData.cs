using Microsoft.Extensions.Compliance.Classification;

namespace RbIdp.Pipeline.Documents;

/// <summary>
/// The product's data-classification taxonomy: what is personal data in a log line. A <c>[LoggerMessage]</c> parameter
/// carrying it is annotated (<see cref="PersonNameAttribute"/>, <see cref="DocumentTextAttribute"/>), and the logging
/// pipeline redacts it (<c>EnableRedaction</c>, redactors registered by <c>AddRunsBackend</c>): no call site masks by hand.
/// </summary>
internal static class PersonalData
{
    public const string TaxonomyName = "RbIdp";

    /// <summary>A person's name: the applicant's <c>fio</c>, or a name found in the document. Logged as initials.</summary>
    public static DataClassification PersonName { get; } = new(TaxonomyName, nameof(PersonName));

    /// <summary>Text read from the document (OCR or a text layer), or a piece of it. Never logged.</summary>
    public static DataClassification DocumentText { get; } = new(TaxonomyName, nameof(DocumentText));
}

/// <summary>The parameter is a person's name (<see cref="PersonalData.PersonName"/>).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PersonNameAttribute() : DataClassificationAttribute(PersonalData.PersonName);

/// <summary>The parameter is text read from the document (<see cref="PersonalData.DocumentText"/>).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class DocumentTextAttribute() : DataClassificationAttribute(PersonalData.DocumentText);
