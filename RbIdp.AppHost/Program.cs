using RbIdp.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var services = builder.AddBackingServices();
var llm = builder.AddLlmConnection();

// The worker (Hangfire server + dashboard) comes up first, so the API accepts jobs only once something
// can run them; the API owns the database migrations (the worker touches the runs table only for jobs).
var worker = builder.AddProject<Projects.RbIdp_Worker>("worker")
    .WithBackingServices(services)
    .WithLlm(llm)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.RbIdp_Api>("api")
    .WithBackingServices(services)
    .WithLlm(llm)
    .WaitFor(worker)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
