using System.Text.Json;
using System.Text.Json.Serialization;
using RbIdp.Pipeline.Documents;

namespace RbIdp.Pipeline.Policy;

/// <summary>
/// The versioned business policy of DOMAIN.md: which documents prove which reason, how long each stays
/// valid, which need a stamp, the intake limits and the decision thresholds. Loaded from one JSON file.
/// </summary>
public sealed record DeferralPolicy(
    string Version,
    string TimeZone,
    IntakeLimits Limits,
    IReadOnlyDictionary<DeferralReason, IReadOnlyList<DocumentType>> Evidence,
    IReadOnlyDictionary<DocumentType, DocumentRule> Documents,
    DecisionThresholds Thresholds)
{
    public const string DefaultFileName = "Policy/deferral-policy.json";

    public bool Accepts(DeferralReason reason, DocumentType docType) =>
        Evidence.TryGetValue(reason, out var accepted) && accepted.Contains(docType);

    public DocumentRule RuleFor(DocumentType docType) => Documents[docType];

    /// <summary>
    /// The types no stamp stands behind (a sick leave, a 2-NDFL): nothing but their text proves them, so the rules
    /// recognise them only by their defining title.
    /// </summary>
    [JsonIgnore]
    public IReadOnlySet<DocumentType> TitleRequired => Documents.Where(d => !d.Value.StampRequired).Select(d => d.Key).ToHashSet();

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public static DeferralPolicy Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream);
    }

    public static DeferralPolicy LoadDefault() => Load(Path.Combine(AppContext.BaseDirectory, DefaultFileName));

    public static DeferralPolicy Parse(Stream json)
    {
        var policy = JsonSerializer.Deserialize(json, PolicyJsonContext.Default.DeferralPolicy)
            ?? throw new InvalidDataException("The policy file is empty.");
        policy.Validate();
        return policy;
    }

    private void Validate()
    {
        if (string.IsNullOrWhiteSpace(Version))
        {
            throw new InvalidDataException("The policy has no version.");
        }

        var missingReasons = Enum.GetValues<DeferralReason>().Where(r => !Evidence.ContainsKey(r)).ToList();
        var missingDocs = Enum.GetValues<DocumentType>().Where(d => !Documents.ContainsKey(d)).ToList();
        if (missingReasons.Count > 0 || missingDocs.Count > 0)
        {
            throw new InvalidDataException(
                $"Policy {Version} does not cover: {string.Join(", ", missingReasons.Select(WireNames.Of).Concat(missingDocs.Select(WireNames.Of)))}.");
        }

        _ = Zone;
    }
}

public sealed record IntakeLimits(long MaxFileBytes, int MaxPages, int MaxPixelsPerSide, long MaxPixelsPerPage);

/// <summary>Per document type: the validity window in days (null: no limit) and whether a stamp is required.</summary>
public sealed record DocumentRule(int? ValidityDays, bool StampRequired);

/// <param name="MinOcrConfidence">Under this mean confidence (0–100) a page is LOW_OCR_CONFIDENCE, and a name read off it decides nothing.</param>
/// <param name="MinTextChars">Fewer characters than this is no document (UNREADABLE_DOCUMENT).</param>
/// <param name="ClassifierMinScore">The least score a recognised type has.</param>
/// <param name="ClassifierMinMargin">The least lead of a recognised type over the runner-up.</param>
/// <param name="StampMinScore">The least score of a stamp candidate taken as the issuer's stamp.</param>
/// <param name="ClearNameConfidence">
/// A name whose every word was read with at least this confidence is taken as written: a name one or two letters
/// from the applicant's (Смирнин for Смирнов) is then another person, not OCR damage.
/// </param>
public sealed record DecisionThresholds(
    double MinOcrConfidence,
    int MinTextChars,
    double ClassifierMinScore,
    double ClassifierMinMargin,
    double StampMinScore,
    double ClearNameConfidence = 90);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(DeferralPolicy))]
internal sealed partial class PolicyJsonContext : JsonSerializerContext;
