namespace RbIdp.Pipeline.Stamps;

/// <summary>Tuning of <see cref="StampDetector"/>; the defaults held up on synthetic and real-like scans.</summary>
public sealed record StampDetectorOptions
{
    /// <summary>Pages are analysed at about this resolution.</summary>
    public int WorkingDpi { get; init; } = 100;

    /// <summary>Smallest and largest stamp diameter considered, in millimetres.</summary>
    public double MinDiameterMm { get; init; } = 25;

    public double MaxDiameterMm { get; init; } = 55;

    /// <summary>Share of rays from a circle's centre that must meet ink near its radius for a full-confidence ring (score 1 at 1.0, 0.5 at this value).</summary>
    public double MinRingCoverage { get; init; } = 0.8;

    /// <summary>A finding with a score at or above this is <see cref="StampStatus.Found"/>.</summary>
    public double MinScore { get; init; } = 0.5;

    /// <summary>Below this share of pixels with any chroma the page counts as greyscale (stamp status unknown).</summary>
    public double MinColourShare { get; init; } = 0.0003;
}
