using RbIdp.Worker.Jobs;

namespace RbIdp.Tests.Worker;

public sealed class SweeperOptionsTests
{
    [Fact]
    public void Defaults_sweep_every_minute_and_wait_longer_for_a_sync_run_than_for_an_enqueue()
    {
        var options = new SweeperOptions();

        Assert.True(new SweeperOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("*/1 * * * *", options.Cron);
        Assert.Equal(TimeSpan.FromMinutes(2), options.QueuedGrace);
        Assert.Equal(TimeSpan.FromMinutes(15), options.RunningStale);
    }

    [Theory]
    [InlineData("00:05:00", "*/5 * * * *")]
    [InlineData("00:30:00", "*/30 * * * *")]
    [InlineData("01:00:00", "0 * * * *")]
    public void Interval_that_divides_an_hour_becomes_a_cron_schedule(string interval, string cron)
    {
        var options = new SweeperOptions { Interval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.True(new SweeperOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(cron, options.Cron);
    }

    [Theory]
    [InlineData("00:00:30", "00:02:00", "00:15:00", "Interval")]
    [InlineData("00:07:00", "00:02:00", "00:15:00", "Interval")]
    [InlineData("00:01:30", "00:02:00", "00:15:00", "Interval")]
    [InlineData("02:00:00", "00:02:00", "00:15:00", "Interval")]
    [InlineData("00:01:00", "00:00:00", "00:15:00", "QueuedGrace")]
    [InlineData("00:01:00", "00:02:00", "00:01:00", "RunningStale")]
    [InlineData("00:01:00", "00:20:00", "00:10:00", "RunningStale")]
    public void Settings_that_cannot_work_stop_the_worker_at_start_naming_the_setting(string interval, string queuedGrace, string runningStale, string setting)
    {
        var options = new SweeperOptions
        {
            Interval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture),
            QueuedGrace = TimeSpan.Parse(queuedGrace, System.Globalization.CultureInfo.InvariantCulture),
            RunningStale = TimeSpan.Parse(runningStale, System.Globalization.CultureInfo.InvariantCulture),
        };

        var result = new SweeperOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }
}
