using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Policy;

namespace RbIdp.Pipeline.Stamps;

/// <summary>
/// Tuning of <see cref="StampDetector"/>, section <c>Stamps</c> (validated at start); the decision threshold always comes
/// from the policy (<see cref="FromPolicy"/>).
/// </summary>
internal sealed record StampDetectorOptions
{
    public const string SectionName = "Stamps";

    /// <summary>Pages are analysed at about this resolution.</summary>
    [Range(50, 300)]
    public int WorkingDpi { get; init; } = 100;

    /// <summary>Smallest and largest stamp diameter considered, in millimetres (seals are 38–45 mm; small ones and photos at an angle widen that).</summary>
    [Range(5.0, 100.0)]
    public double MinDiameterMm { get; init; } = 25;

    [Range(10.0, 200.0)]
    public double MaxDiameterMm { get; init; } = 58;

    /// <summary>A candidate with a score at or above this is a stamp (<see cref="StampStatus.Found"/>); the policy's <c>stamp_min_score</c>.</summary>
    [Range(0.0, 1.0)]
    public double MinScore { get; init; } = 0.5;

    /// <summary>Below this share of pixels with any chroma the page counts as greyscale (stamp status unknown).</summary>
    [Range(0.0, 0.1)]
    public double MinColourShare { get; init; } = 0.0003;

    /// <summary>At most this many candidates per page are examined and recorded (the best-supported first).</summary>
    [Range(1, 500)]
    public int MaxCandidatesPerPage { get; init; } = 40;

    /// <summary>The defaults (or <paramref name="tuning"/>) with the policy's decision threshold.</summary>
    public static StampDetectorOptions FromPolicy(DeferralPolicy policy, StampDetectorOptions? tuning = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return (tuning ?? new StampDetectorOptions()) with { MinScore = policy.Thresholds.StampMinScore };
    }
}

[OptionsValidator]
internal sealed partial class StampDetectorOptionsValidator : IValidateOptions<StampDetectorOptions>;
