using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Verdicts;
using RbIdp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RbIdp.Tests.Intake;

/// <summary>
/// Hostile PDFs are answered, quickly: every attack of <see cref="PdfAttacks"/> (and the project's hostile and real
/// files) goes through intake and decoding without an exception escaping and within 5 s, and a bomb is
/// <c>UNREADABLE_DOCUMENT</c>. Each answer is awaited under a deadline, not timed.
/// </summary>
public sealed class PdfAttackTests(ITestOutputHelper output)
{
    private static readonly TimeSpan AnswerDeadline = TimeSpan.FromSeconds(5);

    public static TheoryData<PdfAttack> Attacks => [.. PdfAttacks.All()];

    [Fact]
    public void There_are_at_least_a_hundred_generated_attacks_with_distinct_names()
    {
        var names = PdfAttacks.All().Select(a => a.Name).ToList();

        Assert.True(names.Count >= 100, $"{names.Count} attacks");
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task Every_attack_is_answered_within_5_seconds_without_an_exception(PdfAttack attack)
    {
        var (intake, decoded) = await ReadAsync(attack.File);

        output.WriteLine($"{attack.Name}: {(decoded.Rejection ?? intake.Rejection)?.Reason.ToString() ?? $"{decoded.Document!.Pages.Count} page(s)"}");
        Assert.True(intake.IsAccepted || intake.Error is { Code: ErrorCode.UnreadableDocument });
        Assert.True(decoded.Document is not null || decoded.Rejection is not null);
    }

    [Theory]
    [InlineData("flate bomb: page content 200 MB")]
    [InlineData("flate bomb: page content 80 MB")]
    [InlineData("flate bomb: object stream")]
    [InlineData("flate bomb: image XObject of 100×100 px")]
    [InlineData("flate bomb: compressed twice")]
    [InlineData("flate bombs: ten 60 MB content streams, 600 MB together")]
    [InlineData("LZW bomb: page content")]
    [InlineData("run-length bomb: page content")]
    [InlineData("arrays nested 1000000 deep in page content")]
    [InlineData("150000 objects")]
    public async Task A_bomb_is_unreadable_document(string name)
    {
        var attack = PdfAttacks.All().Single(a => a.Name == name);

        var (intake, decoded) = await ReadAsync(attack.File);

        var rejection = intake.Rejection ?? decoded.Rejection;
        Assert.True(rejection is { Reason: IntakeRejection.Unreadable }, $"{name}: {rejection?.Reason.ToString() ?? "decoded"}");
        Assert.Equal(ErrorCode.UnreadableDocument, rejection!.ToCheckError().Code);
        output.WriteLine($"{name}: {rejection.Detail}");
    }

    // A parser sizes its tables from the counts a file declares: an xref stream's /Index of two billion entries kept
    // PdfPig allocating (19 GB resident) on a thread the deadline had abandoned. Such a file is refused before parsing.
    [Theory]
    [InlineData("xref stream with /Index of 2000000000 entries")]
    [InlineData("xref subsection of 2147483647 entries")]
    [InlineData("xref /Size 2147483647")]
    public async Task A_cross_reference_declaring_more_objects_than_the_limit_is_refused_before_parsing(string name)
    {
        var attack = PdfAttacks.All().Single(a => a.Name == name);

        var (intake, decoded) = await ReadAsync(attack.File);

        var rejection = intake.Rejection ?? decoded.Rejection;
        Assert.True(rejection is { Reason: IntakeRejection.Unreadable }, $"{name}: {rejection?.Reason.ToString() ?? "decoded"}");
        Assert.Contains("declares more than", rejection!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_document_is_still_read_from_its_text_layer()
    {
        var (intake, decoded) = await ReadAsync(PdfAttacks.Valid());

        Assert.True(intake.IsAccepted);
        Assert.Contains("Deferment request", Assert.Single(decoded.Document!.Pages).TextLayer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_projects_own_hostile_and_real_files_are_answered_within_5_seconds()
    {
        var files = new List<(string, byte[])>
        {
            ("encrypted PDF", TestFiles.EncryptedPdf()),
            ("blank PDF of 11 pages", TestFiles.BlankPdf(11)),
            ("PNG bomb", TestFiles.PngBomb(30_000)),
        };
        var samples = Path.Combine(SamplesFolder(), "samples");
        files.AddRange(Directory.GetFiles(samples).Where(f => Path.GetExtension(f) is ".pdf" or ".png" or ".jpg").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))));

        foreach (var (name, file) in files)
        {
            var (intake, decoded) = await ReadAsync(file);
            output.WriteLine($"{name}: {(decoded.Rejection ?? intake.Rejection)?.Reason.ToString() ?? "decoded"}");
            decoded.Document?.Dispose();
        }
    }

    /// <summary>Intake, then decoding, as the pipeline runs them; the test fails when the answer takes over 5 s.</summary>
    private static async Task<(IntakeResult Intake, DecodeResult Decoded)> ReadAsync(byte[] file)
    {
        using var deadline = new CancellationTokenSource(AnswerDeadline);
        var intake = await Task.Run(() => TestFiles.Intake().Inspect(file), CancellationToken.None).WaitAsync(deadline.Token);
        using (intake)
        {
            var decoded = await TestFiles.Decoder().DecodeAsync(intake, deadline.Token).WaitAsync(deadline.Token);
            return (intake, decoded);
        }
    }

    private static string SamplesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "shared", "samples")))
            {
                return Path.Combine(dir.FullName, "shared");
            }
        }

        throw new DirectoryNotFoundException("shared/samples was not found above the test folder.");
    }
}

/// <summary>A sample of the attacks through the HTTP API's synchronous path: never a 5xx, always answered within 5 s.</summary>
[Collection(UsesServices.Name)]
public sealed class PdfAttackApiTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private Api.ApiFactory _api = null!;

    public static TheoryData<string> Sample =>
    [
        "flate bomb: page content 200 MB", "flate bomb: object stream", "flate bomb: image XObject of 100×100 px",
        "flate bomb: cross-reference stream", "LZW bomb: page content", "arrays nested 1000000 deep in page content",
        "dictionaries nested 1000000 deep in the catalog", "xref /Prev pointing at itself", "page whose content is a reference to itself",
        "catalog is a reference to itself", "150000 objects", "content /Length 99999999999", "truncated to 50%", "mutation 7:",
    ];

    public async Task InitializeAsync()
    {
        _api = new Api.ApiFactory(await postgres.CreateDatabaseAsync(), redis, s3, new Dictionary<string, string?>
        {
            ["Submissions:RequestsPerMinute"] = "100000",
            ["DuplicateWork:Enabled"] = "false",
        });

        // The first document a fresh host checks pays for its start (the pipeline's singletons, JIT): not an attack's cost.
        using var client = _api.CreateClient(Api.ApiFactory.ClientAKey);
        using var warmUp = await client.PostAsync("/v1/process", Api.ApiCalls.Form(PdfAttacks.Valid(), fileName: "valid.pdf"));
        Assert.Equal(System.Net.HttpStatusCode.OK, warmUp.StatusCode);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [MemberData(nameof(Sample))]
    public async Task An_attack_sent_to_the_api_is_answered_within_5_seconds_and_never_5xx(string name)
    {
        var attack = PdfAttacks.All().First(a => a.Name.StartsWith(name, StringComparison.Ordinal));
        using var client = _api.CreateClient(Api.ApiFactory.ClientAKey);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        using var response = await client.PostAsync("/v1/process", Api.ApiCalls.Form(attack.File, fileName: "attack.pdf"), deadline.Token);

        var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
        Assert.True((int)response.StatusCode < 500, $"{name}: {(int)response.StatusCode} {body}");
        if (response.StatusCode == System.Net.HttpStatusCode.OK)
        {
            var answer = System.Text.Json.JsonDocument.Parse(body).RootElement;
            Assert.Equal("rejected", answer.GetProperty("verdict").GetString());
            Assert.Contains(answer.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() == "UNREADABLE_DOCUMENT");
        }
    }
}
