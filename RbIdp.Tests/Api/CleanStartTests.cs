using RbIdp.Tests.Infrastructure;
using RbIdp.Tests.Worker;

namespace RbIdp.Tests.Api;

/// <summary>A clean start on a new database logs no error: an operator's dashboard shows no red badge for a healthy start.</summary>
[Collection(UsesServices.Name)]
public sealed class CleanStartTests(PostgresServer postgres, RedisServer redis, S3Server s3)
{
    [Fact]
    public async Task The_api_and_the_worker_start_on_a_new_database_without_logging_an_error()
    {
        await using var stack = await ApiAndWorker.StartAsync(postgres, redis, s3);
        using var ready = await stack.Client.GetAsync("/ready").WaitAsync(TimeSpan.FromSeconds(60));
        using var dashboard = await stack.Worker.CreateClient().GetAsync("/health").WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
        Assert.Empty(stack.Api.Logs.Errors);
        Assert.Empty(stack.Worker.Logs.Errors);
    }
}
