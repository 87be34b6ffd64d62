using RbIdp.Pipeline.Artifacts;

namespace RbIdp.Tests.Artifacts;

public sealed class ArtifactKeysTests
{
    private static readonly Guid Run = Guid.Parse("3f2b8c1e-5d4a-4e7b-9c0d-1a2b3c4d5e6f");

    [Fact]
    public void Run_key_is_dated_by_the_creation_day_in_utc()
    {
        var createdInMoscowEvening = new DateTimeOffset(2026, 11, 28, 23, 30, 0, TimeSpan.FromHours(-3));

        Assert.Equal("runs/2026-11-29/3f2b8c1e-5d4a-4e7b-9c0d-1a2b3c4d5e6f/ocr.json",
            ArtifactKeys.ForRun(Run, createdInMoscowEvening, ArtifactKeys.Ocr));
    }

    [Fact]
    public void Run_prefix_is_the_run_folder_with_a_trailing_slash()
    {
        Assert.Equal("runs/2026-01-05/3f2b8c1e-5d4a-4e7b-9c0d-1a2b3c4d5e6f/",
            ArtifactKeys.RunPrefix(Run, new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("input")]
    [InlineData("ocr.json")]
    [InlineData("checks.rules.json")]
    [InlineData("checks.llm.json")]
    [InlineData("stamp.json")]
    [InlineData("result.json")]
    [InlineData("timings.json")]
    public void Every_known_artifact_name_makes_a_valid_key(string name)
    {
        var key = ArtifactKeys.ForRun(Run, DateTimeOffset.UnixEpoch, name);

        ArtifactKeys.EnsureValidKey(key);
        Assert.EndsWith("/" + name, key, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("result.xml")]
    [InlineData("../result.json")]
    [InlineData("OCR.JSON")]
    [InlineData("")]
    public void Unknown_artifact_names_are_rejected(string name)
    {
        Assert.Throws<ArgumentException>(() => ArtifactKeys.ForRun(Run, DateTimeOffset.UnixEpoch, name));
    }

    [Fact]
    public void An_empty_run_id_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => ArtifactKeys.ForRun(Guid.Empty, DateTimeOffset.UnixEpoch, ArtifactKeys.Input));
    }

    [Theory]
    [InlineData("inputs/2026-11-28/scan.pdf")]
    [InlineData("runs/2026-11-28/x/ocr.json")]
    [InlineData("справки/скан 1.pdf")]
    public void Ordinary_relative_keys_are_valid(string key)
    {
        ArtifactKeys.EnsureValidKey(key);
    }

    [Fact]
    public void Keys_longer_than_s3_allows_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => ArtifactKeys.EnsureValidKey(new string('ж', 600)));
    }
}
