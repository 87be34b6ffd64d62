using RbIdp.Api;
using RbIdp.Api.Apis;

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
app.Run();
