using Microsoft.Extensions.Configuration;
using RbIdp.Worker.Jobs;

namespace RbIdp.Tests.Worker;

public sealed class WorkerOptionsTests
{
    [Fact]
    public void Defaults_take_one_document_job_per_core_and_move_retries_back_every_five_seconds()
    {
        var options = new WorkerOptions();

        Assert.True(new WorkerOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(Environment.ProcessorCount, options.DocumentWorkers);
        Assert.Equal(TimeSpan.FromSeconds(5), options.SchedulePollingInterval);
        Assert.Null(options.InvisibilityTimeout);
    }

    [Fact]
    public void The_worker_section_binds_beside_its_retry_and_sweeper_sub_sections()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Worker:DocumentWorkers"] = "1",
            ["Worker:InvisibilityTimeout"] = "00:00:30",
            ["Worker:SchedulePollingInterval"] = "00:00:01",
            ["Worker:Retry:DelaysSeconds:0"] = "2",
        }).Build();

        var options = configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>()!;

        Assert.True(new WorkerOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(1, options.DocumentWorkers);
        Assert.Equal(TimeSpan.FromSeconds(30), options.InvisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.SchedulePollingInterval);
    }

    [Theory]
    [InlineData(0, null, "00:00:05", "DocumentWorkers")]
    [InlineData(2, "00:00:01", "00:00:05", "InvisibilityTimeout")]
    [InlineData(2, null, "00:00:00", "SchedulePollingInterval")]
    public void Settings_that_cannot_work_stop_the_worker_at_start_naming_the_setting(int workers, string? invisibility, string polling, string setting)
    {
        var options = new WorkerOptions
        {
            DocumentWorkers = workers,
            InvisibilityTimeout = invisibility is null ? null : TimeSpan.Parse(invisibility, System.Globalization.CultureInfo.InvariantCulture),
            SchedulePollingInterval = TimeSpan.Parse(polling, System.Globalization.CultureInfo.InvariantCulture),
        };

        var result = new WorkerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }
}
