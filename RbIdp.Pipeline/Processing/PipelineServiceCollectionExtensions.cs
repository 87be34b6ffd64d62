using Microsoft.Extensions.DependencyInjection;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Runs;
using RbIdp.Pipeline.Stages;

namespace RbIdp.Pipeline.Processing;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// The document pipeline: the policy, the stages in order (policy → acquire → intake → decode → OCR →
    /// checks → stamp → merge → validate) and the run processor. Storage is registered separately.
    /// </summary>
    public static IServiceCollection AddDocumentPipeline(this IServiceCollection services, string? policyPath = null)
    {
        services.AddSingleton(_ => policyPath is null ? DeferralPolicy.LoadDefault() : DeferralPolicy.Load(policyPath));
        services.AddSingleton<IPipelineStage, EvidencePolicyStage>();
        services.AddSingleton<IPipelineStage, AcquireStage>();
        services.AddSingleton<DocumentPipeline>();
        services.AddScoped<RunProcessor>();
        return services;
    }
}
