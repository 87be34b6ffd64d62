using RbIdp.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var services = builder.AddBackingServices();

var api = builder.AddProject<Projects.RbIdp_Api>("api")
    .WithBackingServices(services)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.RbIdp_Worker>("worker")
    .WithBackingServices(services)
    .WaitFor(api)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
