using System.Text;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Runs;
using RbIdp.Tests.Infrastructure;
using RbIdp.Tests.Worker;
using RbIdp.Worker.Jobs;
using StackExchange.Redis;

namespace RbIdp.Tests.Operations;

/// <summary>
/// The retention policy (<c>Retention:Days</c>, 30 by default): the worker's recurring job purges a run older than that as
/// <c>DELETE</c> does — artifacts, input, cached OCR text and answer gone, a tombstone left — and leaves a newer run whole.
/// </summary>
[Collection(UsesServices.Name)]
public sealed class RetentionTests(PostgresServer postgres, RedisServer redis, S3Server s3)
{
    [Fact]
    public async Task The_retention_job_purges_a_run_older_than_the_policy_and_keeps_a_new_one()
    {
        await using var stack = await ApiAndWorker.StartAsync(postgres, redis, s3);
        var newRun = await stack.SubmitAsync(WorkerDocuments.ApprovedImage());
        var newStatus = await stack.WaitForFinalAsync(newRun, TimeSpan.FromSeconds(120));
        var old = await StoreOldRunAsync(stack, DateTimeOffset.UtcNow.AddDays(-31));

        int purged;
        using (var scope = stack.Worker.Services.CreateScope())
        {
            purged = await scope.ServiceProvider.GetRequiredService<RetentionJob>().PurgeExpiredAsync(CancellationToken.None);
        }

        Assert.Equal(1, purged);
        var store = stack.Api.Services.GetRequiredService<IArtifactStore>();
        Assert.Empty(await store.ListAsync(ArtifactKeys.RunPrefix(old.Id, old.CreatedAt), CancellationToken.None));
        Assert.False(await Cache(stack).KeyExistsAsync(DuplicateWorkCache.OcrKey(OldInput)), "the cached OCR text is forgotten");
        var tombstone = await stack.GetJobAsync(old.Id);
        Assert.True(tombstone.GetProperty("purged").GetBoolean());
        Assert.Equal("", await stack.RunColumnAsync<string>(old.Id, "fio"));
        Assert.True(await stack.RunColumnAsync<bool>(old.Id, "result_json IS NULL"));

        Assert.False((await stack.GetJobAsync(newRun)).GetProperty("purged").GetBoolean());
        Assert.NotEqual("", await stack.RunColumnAsync<string>(newRun, "fio"));
        Assert.NotEmpty(await stack.ResultArtifactsAsync(newRun, newStatus));

        using var connection = stack.Worker.Services.GetRequiredService<JobStorage>().GetConnection();
        var schedule = Assert.Single(connection.GetRecurringJobs(), j => j.Id == RetentionJob.RecurringJobId);
        Assert.Equal(stack.Worker.Services.GetRequiredService<IOptions<RetentionOptions>>().Value.Cron, schedule.Cron);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("4000")]
    public void A_retention_outside_one_day_to_ten_years_is_refused_at_start(string days)
    {
        var validator = new RetentionOptionsValidator();
        var result = validator.Validate(null, new RetentionOptions { Days = int.Parse(days, System.Globalization.CultureInfo.InvariantCulture) });
        Assert.True(result.Failed);
    }

    private static IDatabase Cache(ApiAndWorker stack) => stack.Api.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    private static readonly byte[] OldInput = Encoding.UTF8.GetBytes("an old upload");

    /// <summary>A run finished long ago, as the API and worker left it: its row, input and answer stored, its OCR text cached.</summary>
    private static async Task<DocumentRun> StoreOldRunAsync(ApiAndWorker stack, DateTimeOffset createdAt)
    {
        var run = await FinishedRuns.StoreAsync(stack, createdAt, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(OldInput)));
        using var scope = stack.Api.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IArtifactStore>();
        foreach (var name in new[] { ArtifactKeys.Input, ArtifactKeys.Result })
        {
            using var content = new MemoryStream(OldInput);
            await store.PutAsync(ArtifactKeys.ForRun(run.Id, createdAt, name), content, "application/octet-stream", CancellationToken.None);
        }

        await Cache(stack).StringSetAsync(DuplicateWorkCache.OcrKey(OldInput), "{\"pages\":[]}");
        return run;
    }
}
