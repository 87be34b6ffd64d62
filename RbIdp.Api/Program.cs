using RbIdp.Api.Apis;
using RbIdp.Api.Extensions;
using RbIdp.Api.Infrastructure;

if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseApplicationPipeline();
app.MapDefaultEndpoints();
app.MapApiReference();
app.MapJobsApi();
app.MapProcessApi();
app.MapArtifactsApi();
app.MapEventsApi();
await app.RunAsync();
return 0;
