using System.Collections.Concurrent;
using SkiaSharp;

namespace RbIdp.Tests.Synthetic;

/// <summary>A regular and a bold face of one family, loaded by path from the system font folders.</summary>
public sealed record FontPair(SKTypeface Regular, SKTypeface Bold);

/// <summary>
/// Loads the TrueType fonts the generator uses by path. A fresh machine has none (see ENVIRONMENT.md,
/// "A fresh machine has no fonts"): a missing file fails loudly instead of rendering empty boxes.
/// </summary>
public static class SyntheticFonts
{
    public const string Root = "/usr/share/fonts/truetype";

    /// <summary>Regular/bold file pairs under <see cref="Root"/>, all with Cyrillic glyphs.</summary>
    public static readonly IReadOnlyList<(string Regular, string Bold)> Families =
    [
        ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf"),
        ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
        ("liberation/LiberationSerif-Regular.ttf", "liberation/LiberationSerif-Bold.ttf"),
        ("liberation/LiberationSans-Regular.ttf", "liberation/LiberationSans-Bold.ttf"),
        ("freefont/FreeSerif.ttf", "freefont/FreeSerifBold.ttf"),
        ("freefont/FreeSans.ttf", "freefont/FreeSansBold.ttf"),
    ];

    private static readonly ConcurrentDictionary<string, SKTypeface> Loaded = new(StringComparer.Ordinal);

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static SKTypeface Load(string relative) => Loaded.GetOrAdd(relative, static rel =>
    {
        var path = PathOf(rel);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Font '{path}' is missing. Install fonts-dejavu-core, fonts-liberation and fonts-freefont-ttf (see .ci/run).", path);
        }

        return SKTypeface.FromFile(path)
            ?? throw new InvalidDataException($"Font '{path}' could not be loaded by SkiaSharp.");
    });

    /// <summary>The family named by its regular file, or one picked by <paramref name="seed"/>.</summary>
    public static FontPair Pick(string? regular, int seed)
    {
        var family = regular is null
            ? Families[(int)((uint)seed % Families.Count)]
            : Families.FirstOrDefault(f => f.Regular == regular, (Regular: regular, Bold: regular));
        return new FontPair(Load(family.Regular), Load(family.Bold));
    }
}
