using Hangfire;
using RbIdp.Pipeline.Runs;
using RbIdp.Worker.Dashboard;
using RbIdp.Worker.Jobs;

namespace RbIdp.Worker.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var connectionString = builder.AddRunsBackend();

        services.AddSingleton<RunCancellations>();
        services.AddHostedService(sp => sp.GetRequiredService<RunCancellations>());
        services.AddScoped<IDocumentJob, ProcessDocumentJob>();
        services.AddScoped<RunCompletion>();
        services.AddScoped<WebhookJob>();
        services.AddSingleton<RunFailureFilter>();

        services.AddHangfire(configuration => configuration
            .UseRunQueueStorage(connectionString, builder.Configuration.GetValue<TimeSpan?>("Worker:InvisibilityTimeout"))
            .UseJobDetailsRenderer(10, ProgressBarRenderer.Render));
        services.AddSingleton<JobLogScope>();
        services.AddSingleton<WorkerJobFilters>();
        services.AddOptions<RetryOptions>().BindConfiguration(RetryOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<RetryOptions>, RetryOptionsValidator>();
        services.AddScoped<StrandedRunSweeper>();
        services.AddOptions<SweeperOptions>().BindConfiguration(SweeperOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SweeperOptions>, SweeperOptionsValidator>();
        services.AddScoped<RetentionJob>();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddHostedService<RecurringJobSchedule>();
        services.AddHostedService<QueueMetrics>();
        var documentWorkers = builder.Configuration.GetValue("Worker:DocumentWorkers", Environment.ProcessorCount);

        // How often delayed jobs (retries) are moved back to their queue; Hangfire's default is 15 s.
        var schedulePolling = builder.Configuration.GetValue("Worker:SchedulePollingInterval", TimeSpan.FromSeconds(5));
        services.AddHangfireServer((sp, options) =>
        {
            options.FilterProvider = sp.GetRequiredService<WorkerJobFilters>();
            options.ServerName = $"{Environment.MachineName}:documents";
            options.Queues = [IDocumentJob.Queue];
            options.WorkerCount = documentWorkers;
            options.ShutdownTimeout = TimeSpan.FromSeconds(20);
            options.SchedulePollingInterval = schedulePolling;
        });
        services.AddHangfireServer((sp, options) =>
        {
            options.FilterProvider = sp.GetRequiredService<WorkerJobFilters>();
            options.ServerName = $"{Environment.MachineName}:webhooks";
            options.Queues = [HangfireSetup.WebhooksQueue, "default"];
            options.WorkerCount = 2;
            options.SchedulePollingInterval = schedulePolling;
        });
        services.AddSingleton<DashboardAccessFilter>();
        services.AddHostedService<DashboardWarmup>();
    }

    public static void MapJobsDashboard(this WebApplication app) =>
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [app.Services.GetRequiredService<DashboardAccessFilter>()],
            DashboardTitle = "RB IDP jobs",
            DisplayStorageConnectionString = false,
        });
}
