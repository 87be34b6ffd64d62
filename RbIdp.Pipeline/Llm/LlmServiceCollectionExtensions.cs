using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace RbIdp.Pipeline.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>The LLM client, its options (validated at start) and a resilience budget that fits a slow model.</summary>
    public static IServiceCollection AddLlmChecks(this IServiceCollection services)
    {
        services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.SectionName)
            .Validate(o => o.Endpoint is null || o.Endpoint is { IsAbsoluteUri: true, Scheme: "http" or "https" },
                $"{LlmOptions.SectionName}:{nameof(LlmOptions.Endpoint)} must be an absolute http(s) URL such as https://llm.internal/v1, or empty to skip the LLM.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();
        services.AddHttpClient<LlmClient>();
        services.Configure<HttpStandardResilienceOptions>($"{nameof(LlmClient)}-standard", o =>
        {
            o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(60);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(150);
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(120);
            o.Retry.MaxRetryAttempts = 2;
        });
        return services;
    }
}
