using RbIdp.Pipeline.Policy;

namespace RbIdp.Pipeline.Stamps;

/// <summary>Tuning of <see cref="StampDetector"/>; the decision threshold comes from the policy (<see cref="FromPolicy"/>).</summary>
public sealed record StampDetectorOptions
{
    /// <summary>Pages are analysed at about this resolution.</summary>
    public int WorkingDpi { get; init; } = 100;

    /// <summary>Smallest and largest stamp diameter considered, in millimetres (seals are 38–45 mm; small ones and photos at an angle widen that).</summary>
    public double MinDiameterMm { get; init; } = 25;

    public double MaxDiameterMm { get; init; } = 58;

    /// <summary>A candidate with a score at or above this is a stamp (<see cref="StampStatus.Found"/>); the policy's <c>stamp_min_score</c>.</summary>
    public double MinScore { get; init; } = 0.5;

    /// <summary>Below this share of pixels with any chroma the page counts as greyscale (stamp status unknown).</summary>
    public double MinColourShare { get; init; } = 0.0003;

    /// <summary>At most this many candidates per page are examined and recorded (the best-supported first).</summary>
    public int MaxCandidatesPerPage { get; init; } = 40;

    /// <summary>The defaults with the policy's decision threshold.</summary>
    public static StampDetectorOptions FromPolicy(DeferralPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new StampDetectorOptions { MinScore = policy.Thresholds.StampMinScore };
    }
}
