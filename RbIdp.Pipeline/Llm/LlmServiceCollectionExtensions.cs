using System.ClientModel;
using System.ClientModel.Primitives;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using Polly;

namespace RbIdp.Pipeline.Llm;

internal static class LlmServiceCollectionExtensions
{
    /// <summary>The name of the LLM's <see cref="HttpClient"/>: its own TLS trust and resilience, not the service defaults'.</summary>
    public const string HttpClientName = "llm";

    /// <summary>
    /// The LLM check: options (validated at start), an <see cref="HttpClient"/> with the CA bundle and the resilience
    /// of <see cref="LlmOptions"/> (retries with jitter on 429/5xx/timeouts after <c>Retry-After</c>, a circuit breaker,
    /// attempt and total timeouts, a concurrency cap), and over it the keyed <see cref="IChatClient"/>:
    /// OpenAI-compatible client → logging (never the messages) → GenAI spans and token metrics → answer cache (when
    /// the host registered an <see cref="IDistributedCache"/>, Redis in the services).
    /// </summary>
    public static IServiceCollection AddLlmChecks(this IServiceCollection services)
    {
        services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.SectionName)
            .Configure<IConfiguration>((settings, configuration) => settings.ApplyConnectionString(configuration.GetConnectionString(LlmOptions.ConnectionName)))
            .Validate(o => o.Endpoint is null || o.Endpoint is { IsAbsoluteUri: true, Scheme: "http" or "https" },
                $"{LlmOptions.SectionName}:{nameof(LlmOptions.Endpoint)} must be an absolute http(s) URL such as https://llm.internal/v1, or empty to skip the LLM.")
            .Validate(o => string.IsNullOrEmpty(o.CaBundlePath) || File.Exists(o.CaBundlePath),
                $"{LlmOptions.SectionName}:{nameof(LlmOptions.CaBundlePath)} must name an existing PEM file of CA certificates.")
            .Validate(o => o.TotalTimeout >= o.Timeout,
                $"{LlmOptions.SectionName}:{nameof(LlmOptions.TotalTimeout)} must be at least {LlmOptions.SectionName}:{nameof(LlmOptions.Timeout)}.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();

#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers: the service defaults' handler would retry under ours
        services.AddHttpClient(HttpClientName)
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => CreateHandler(sp.GetRequiredService<IOptions<LlmOptions>>().Value))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler()
            .Configure((resilience, sp) => ConfigureResilience(resilience, sp.GetRequiredService<IOptions<LlmOptions>>().Value));
#pragma warning restore EXTEXP0001

        services.AddKeyedSingleton(LlmClient.ChatClientKey, (sp, _) => CreateChatClient(sp));
        services.AddSingleton<LlmClient>();
        return services;
    }

    private static void ConfigureResilience(HttpStandardResilienceOptions resilience, LlmOptions settings)
    {
        resilience.RateLimiter.DefaultRateLimiterOptions.PermitLimit = settings.MaxConcurrentCalls;
        resilience.RateLimiter.DefaultRateLimiterOptions.QueueLimit = settings.MaxConcurrentCalls;
        resilience.AttemptTimeout.Timeout = settings.Timeout;
        resilience.TotalRequestTimeout.Timeout = settings.TotalTimeout;
        resilience.Retry.MaxRetryAttempts = Math.Max(1, settings.MaxRetries); // the handler needs one; 0 is "handle nothing"
        if (settings.MaxRetries == 0)
        {
            resilience.Retry.ShouldHandle = _ => PredicateResult.False();
        }

        resilience.Retry.UseJitter = true;
        resilience.Retry.ShouldRetryAfterHeader = true;
        resilience.Retry.Delay = TimeSpan.FromSeconds(1);
        resilience.CircuitBreaker.MinimumThroughput = settings.CircuitBreakerMinimumCalls;
        resilience.CircuitBreaker.FailureRatio = 0.5;
        resilience.CircuitBreaker.BreakDuration = settings.CircuitBreakDuration;
        var sampling = TimeSpan.FromMinutes(2);
        resilience.CircuitBreaker.SamplingDuration = sampling > 2 * settings.Timeout ? sampling : 2 * settings.Timeout + TimeSpan.FromSeconds(1);
    }

    /// <summary>TLS is verified as always; with <c>Llm:CaBundlePath</c> the chain must end at one of the bundle's CAs.</summary>
    private static SocketsHttpHandler CreateHandler(LlmOptions settings)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (!string.IsNullOrEmpty(settings.CaBundlePath))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(settings.CaBundlePath);
            if (roots.Count == 0)
            {
                throw new InvalidOperationException($"{LlmOptions.SectionName}:{nameof(LlmOptions.CaBundlePath)} holds no certificate.");
            }

            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            handler.SslOptions.CertificateChainPolicy = policy;
        }

        return handler;
    }

    private static IChatClient CreateChatClient(IServiceProvider services)
    {
        var settings = services.GetRequiredService<IOptions<LlmOptions>>().Value;
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = settings.Endpoint ?? throw new InvalidOperationException($"{LlmOptions.SectionName}:{nameof(LlmOptions.Endpoint)} is not configured."),
            Transport = new HttpClientPipelineTransport(services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0), // the HttpClient's resilience handler retries
            NetworkTimeout = Timeout.InfiniteTimeSpan, // and times out
        };
#pragma warning disable OPENAI001 // the constructor with an authentication policy is the SDK's way to send no key
        var openAi = string.IsNullOrEmpty(settings.ApiKey)
            ? new OpenAIClient(new NoAuthentication(), clientOptions)
            : new OpenAIClient(new ApiKeyCredential(settings.ApiKey), clientOptions);
#pragma warning restore OPENAI001

        var builder = new ChatClientBuilder(openAi.GetChatClient(settings.Model).AsIChatClient());
        if (settings.CacheAnswers && services.GetService<IDistributedCache>() is { } cache)
        {
            builder.Use(inner => new LlmAnswerCache(inner, cache, settings.CacheTtl, loggerFactory.CreateLogger<LlmAnswerCache>())
            {
                CacheKeyAdditionalValues = [LlmPrompt.Current.Version, settings.Model],
            });
        }

        return builder
            .UseOpenTelemetry(loggerFactory, LlmClient.TelemetrySourceName, otel => otel.EnableSensitiveData = false)
            .UseLogging(new ContentFreeLoggerFactory(loggerFactory))
            .Build(services);
    }

    /// <summary>For a server that takes no key: no <c>Authorization</c> header at all.</summary>
    private sealed class NoAuthentication : AuthenticationPolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNext(message, pipeline, currentIndex);

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
            ProcessNextAsync(message, pipeline, currentIndex);
    }

    /// <summary>
    /// Loggers for <see cref="LoggingChatClient"/> that never enable Trace, the level at which it would log the messages
    /// (the OCR text, with the applicant's name) and the answers.
    /// </summary>
    private sealed class ContentFreeLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new ContentFreeLogger(inner.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose()
        {
            // The host owns the inner factory.
        }
    }

    private sealed class ContentFreeLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel > LogLevel.Trace && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
