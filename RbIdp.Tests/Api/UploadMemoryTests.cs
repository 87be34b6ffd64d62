using System.Net;
using System.Security.Cryptography;
using RbIdp.Api.Infrastructure;
using RbIdp.Tests.Infrastructure;
using static RbIdp.Tests.Api.ApiCalls;

namespace RbIdp.Tests.Api;

/// <summary>
/// An upload goes through the API to storage as a stream: the form is read, staged on disk while it is hashed and sent
/// to S3 with its length, never held whole in managed memory — twenty clients uploading 15 MB at once must not cost
/// the API twenty copies (bench/submit's upload mode measures the process).
/// </summary>
/// <remarks>
/// What the process allocates is counted over one submission, so nothing else may run meanwhile: the collection runs
/// alone (<see cref="UsesServicesAlone"/>).
/// </remarks>
[Collection(UsesServicesAlone.Name)]
public sealed class UploadMemoryTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    /// <summary>Just under the policy's largest file (<see cref="UploadLimits.MaxFileBytes"/>).</summary>
    private const int UploadBytes = (int)UploadLimits.MaxFileBytes - (64 * 1024);

    private ApiFactory _api = null!;

    public async Task InitializeAsync() =>
        _api = new ApiFactory(await postgres.CreateDatabaseAsync(), redis, s3, new Dictionary<string, string?> { ["Submissions:RequestsPerMinute"] = "100000" });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task A_20_MB_upload_is_stored_whole_while_the_api_allocates_a_small_fraction_of_it()
    {
        var upload = LargePng(UploadBytes);
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        using var stranger = _api.CreateClient("not-a-key");
        (await client.PostAsync("/v1/jobs", Form(SickLeavePng))).Dispose(); // warm: the host, the database, the bucket
        (await stranger.PostAsync("/v1/jobs", Form(SickLeavePng))).Dispose();

        // The test client and the in-memory test server copy a request body themselves (tens of MB for this form): the
        // same upload refused before its body is read (401) measures that, and the API's share is what admitting it adds.
        var (refused, sendingAlone) = await SubmitCountingAsync(stranger, upload);
        var (accepted, sendingAndAdmitting) = await SubmitCountingAsync(client, upload);
        var admitting = sendingAndAdmitting - sendingAlone;

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Accepted), (refused.StatusCode, accepted.StatusCode));
        var run = await _api.RunAsync(RunId(await JsonAsync(accepted)));
        Assert.Equal((UploadBytes, Convert.ToHexStringLower(SHA256.HashData(upload))), ((int)run.InputBytes, run.InputSha256));
        Assert.True(admitting < UploadBytes / 4,
            $"Admitting a {UploadBytes / 1048576.0:F1} MB upload (form, hash, S3 PUT, run row) allocated {admitting / 1048576.0:F1} MB "
            + $"({sendingAndAdmitting / 1048576.0:F1} MB with the test client's share, which alone is {sendingAlone / 1048576.0:F1} MB); "
            + "a whole copy of the upload is more than a quarter of it.");
        refused.Dispose();
        accepted.Dispose();
    }

    /// <summary>One submission of <paramref name="upload"/>, and the bytes the whole test process allocated meanwhile.</summary>
    private static async Task<(HttpResponseMessage Response, long Allocated)> SubmitCountingAsync(HttpClient client, byte[] upload)
    {
        using var form = Form(upload, fileName: "scan.png");
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var response = await client.PostAsync("/v1/jobs", form);
        return (response, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    /// <summary>A PNG signature followed by noise: intake's type check reads the first bytes; nothing decodes it here.</summary>
    private static byte[] LargePng(int size)
    {
        var bytes = new byte[size];
        new Random(16).NextBytes(bytes);
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        return bytes;
    }
}
