using RbIdp.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RbIdp.Tests.Reliability;

/// <summary>
/// The fast subset of the reliability suite (bench/reliability runs every scenario at full size): the API and the
/// worker as separate processes, a batch of documents from concurrent clients, and the worker SIGKILLed twice while
/// the batch is processed. Nothing may be lost, nothing processed twice, no client answered a bare 5xx.
/// </summary>
[Collection(UsesServices.Name)]
[Trait("Category", "Reliability")]
public sealed class ReliabilityTests(PostgresServer postgres, RedisServer redis, S3Server s3, ITestOutputHelper output)
{
    [Fact]
    public async Task A_batch_survives_the_worker_being_killed_twice_with_every_run_finished_once_and_the_records_agreeing()
    {
        var scenario = new ReliabilityScenario("worker-killed", Fault.WorkerKilled, Jobs: 40, Clients: 4);
        await using var stack = await LocalDeployment.StartAsync(postgres, redis, s3, scenario.Settings);
        var runner = new ReliabilityRunner(stack, scenario, output.WriteLine)
        {
            Salt = Random.Shared.Next(1, 1_000_000),
            SubmitDeadline = TimeSpan.FromMinutes(2),
            DrainTimeout = TimeSpan.FromMinutes(3),
        };

        var report = await runner.RunAsync();

        output.WriteLine(report.Line);
        foreach (var problem in report.Problems.Concat(report.Bare5xxSamples))
        {
            output.WriteLine(problem);
        }

        Assert.Equal(scenario.Jobs, report.Acknowledged);
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.ProcessedTwice);

        // The evidence for "processed twice" is there: a completion record of (almost) every run. A SIGKILL may cut
        // the log line of a run whose final write had just committed — at most one per document worker per kill.
        Assert.InRange(report.CompletionRecords, report.Succeeded + report.Failed - 4, report.Succeeded + report.Failed);
        Assert.Equal(0, report.Bare5xx);
        Assert.Equal(0, report.HangfireMismatches);
        Assert.Equal(scenario.Jobs, report.Succeeded + report.Failed);
        Assert.Equal(report.Failed, report.DeadLetter);
        Assert.True(report.RepeatsServed <= scenario.Jobs / ReliabilityDocuments.RepeatEvery, $"{report.RepeatsServed} answers reused of {scenario.Jobs / ReliabilityDocuments.RepeatEvery} repeated files");
    }
}
