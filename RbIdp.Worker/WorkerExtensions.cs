using Hangfire;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Runs;
using RbIdp.Pipeline.Runs.Access;
using RbIdp.Pipeline.Runs.Hosting;
using RbIdp.Worker.Dashboard;
using RbIdp.Worker.Jobs;

namespace RbIdp.Worker;

/// <summary>
/// What the worker registers and maps: the run machinery it shares with the API, the document and webhook queues' Hangfire
/// servers with their filters and options, the recurring jobs (stranded runs, retention), queue metrics, and the dashboard
/// with its sign-in.
/// </summary>
public static class WorkerExtensions
{
    private const string DashboardPolicy = "dashboard";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var connectionString = builder.AddRunsBackend();

        services.AddSingleton<RunCancellations>();
        services.AddHostedService(sp => sp.GetRequiredService<RunCancellations>());
        services.AddScoped<IDocumentJob, ProcessDocumentJob>();
        services.AddSingleton<RunProgressFactory>();
        services.AddScoped<RunCompletion>();
        services.AddScoped<WebhookJob>();
        services.AddSingleton<RunFailureFilter>();

        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>();
        services.AddHangfire((sp, configuration) => configuration
            .UseRunQueueStorage(connectionString, sp.GetRequiredService<IOptions<WorkerOptions>>().Value.InvisibilityTimeout)
            .UseJobDetailsRenderer(5, sp.GetRequiredService<RunLabels>().RenderRun)
            .UseJobDetailsRenderer(10, ProgressBarRenderer.Render));
        services.AddSingleton<JobLogScope>();
        services.AddSingleton<WorkerJobFilters>();
        services.AddOptions<RetryOptions>().BindConfiguration(RetryOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetryOptions>, RetryOptionsValidator>();
        services.AddScoped<StrandedRunSweeper>();
        services.AddOptions<SweeperOptions>().BindConfiguration(SweeperOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SweeperOptions>, SweeperOptionsValidator>();
        services.AddScoped<RetentionJob>();
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddHostedService<RecurringJobSchedule>();
        services.AddHostedService<QueueMetrics>();
        services.AddHangfireServer((sp, options) =>
        {
            options.FilterProvider = sp.GetRequiredService<WorkerJobFilters>();
            options.ServerName = $"{Environment.MachineName}:documents";
            options.Queues = [IDocumentJob.Queue];
            options.WorkerCount = sp.GetRequiredService<IOptions<WorkerOptions>>().Value.DocumentWorkers;
            options.ShutdownTimeout = TimeSpan.FromSeconds(20);
            options.SchedulePollingInterval = sp.GetRequiredService<IOptions<WorkerOptions>>().Value.SchedulePollingInterval;
        });
        services.AddHangfireServer((sp, options) =>
        {
            options.FilterProvider = sp.GetRequiredService<WorkerJobFilters>();
            options.ServerName = $"{Environment.MachineName}:webhooks";
            options.Queues = [HangfireSetup.WebhooksQueue, "default"];
            options.WorkerCount = 2;
            options.SchedulePollingInterval = sp.GetRequiredService<IOptions<WorkerOptions>>().Value.SchedulePollingInterval;
        });
        services.AddSingleton<DashboardAccessFilter>();
        services.AddSingleton<RunLabels>();
        services.AddApiKeyRegistry();
        services.AddScoped<DashboardSignIn>();
        services.AddAntiforgery();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(options =>
        {
            options.LoginPath = DashboardSignIn.Path;
            options.Cookie.Name = "rbidp-dashboard";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
        });
        services.AddAuthorizationBuilder().AddPolicy(DashboardPolicy, policy => policy.RequireRole(DashboardSignIn.AdminRole, DashboardSignIn.ReviewerRole));
        services.AddHostedService<DashboardWarmup>();
    }

    /// <summary>
    /// The Hangfire dashboard at <c>/hangfire</c>: open in Development; elsewhere behind the sign-in form (a browser without
    /// a session is sent there), read-only for reviewers. Jobs are named by their run (<see cref="RunLabels"/>).
    /// </summary>
    public static void MapJobsDashboard(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        DashboardSignIn.Map(app);
        var access = app.Services.GetRequiredService<DashboardAccessFilter>();
        var labels = app.Services.GetRequiredService<RunLabels>();
        var dashboard = app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [access],
            IsReadOnlyFunc = access.IsReadOnly,
            DisplayNameFunc = labels.DisplayName,
            DashboardTitle = "RB IDP jobs",
            DisplayStorageConnectionString = false,
        });
        if (!app.Environment.IsDevelopment())
        {
            dashboard.RequireAuthorization(DashboardPolicy);
        }
    }
}
