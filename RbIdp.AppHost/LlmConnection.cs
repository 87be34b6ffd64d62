using Microsoft.Extensions.Configuration;

namespace RbIdp.AppHost;

/// <summary>
/// The optional LLM: the connection string <c>llm</c> (<c>Endpoint=https://llm.internal/v1;Key=…;Model=…</c>), given to the
/// AppHost as <c>ConnectionStrings:llm</c> (user secrets, environment) or as the parameter of the same name. When it is
/// set, the dashboard shows it as a resource and both services get it; when not, the LLM is skipped.
/// </summary>
internal static class LlmConnection
{
    public const string Name = "llm";

    public static IResourceBuilder<IResourceWithConnectionString>? AddLlmConnection(this IDistributedApplicationBuilder builder) =>
        string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(Name)) && string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{Name}"])
            ? null
            : builder.AddConnectionString(Name);

    public static IResourceBuilder<ProjectResource> WithLlm(this IResourceBuilder<ProjectResource> project, IResourceBuilder<IResourceWithConnectionString>? llm) =>
        llm is null ? project : project.WithReference(llm);
}
