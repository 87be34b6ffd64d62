using System.Collections.Concurrent;
using System.Net;
using Hangfire.Common;
using Hangfire.Dashboard;
using Microsoft.EntityFrameworkCore;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Runs;

namespace RbIdp.Worker.Dashboard;

/// <summary>
/// What the dashboard shows of a document job's run instead of <c>IDocumentJob.RunAsync</c>: its name in the lists
/// (<c>Document &lt;run_id&gt; · &lt;doc_type&gt;</c>) and, on the job's page, the run's status, verdict and a link to its
/// status resource (<c>Dashboard:ApiBaseUrl</c> + <c>/v1/jobs/{run_id}</c>). Read from the runs table; a run's document
/// type never changes, so it is remembered (a bounded number of runs).
/// </summary>
public sealed class RunLabels(IServiceScopeFactory scopes, IConfiguration configuration)
{
    private const int RememberedRuns = 10_000;
    private readonly ConcurrentDictionary<Guid, string> _docTypes = new();

    public string DisplayName(DashboardContext context, Job job)
    {
        if (job.Type != typeof(IDocumentJob) || job.Args is not [Guid runId, ..])
        {
            return $"{job.Type.Name}.{job.Method.Name}";
        }

        if (!_docTypes.TryGetValue(runId, out var docType))
        {
            docType = Find(runId) is { } run ? WireNames.Of(run.DocType) : "unknown run";
            if (_docTypes.Count >= RememberedRuns)
            {
                _docTypes.Clear();
            }

            _docTypes[runId] = docType;
        }

        return $"Document {runId:D} · {docType}";
    }

    public NonEscapedString RenderRun(JobDetailsRendererDto details)
    {
        if (details.JobDetails.Job?.Type != typeof(IDocumentJob) || details.JobDetails.Job.Args is not [Guid runId, ..] || Find(runId) is not { } run)
        {
            return new NonEscapedString("");
        }

        var link = $"{configuration["Dashboard:ApiBaseUrl"]?.TrimEnd('/')}/v1/jobs/{runId:D}";
        var verdict = run.Verdict is { } v ? WireNames.Of(v) : "—";
        return new NonEscapedString($"""
            <h3>Run</h3>
            <dl class="dl-horizontal rbidp-run">
              <dt>Status</dt><dd>{WebUtility.HtmlEncode(WireNames.Of(run.Status))}</dd>
              <dt>Verdict</dt><dd class="rbidp-verdict">{WebUtility.HtmlEncode(verdict)}</dd>
              <dt>Document type</dt><dd>{WebUtility.HtmlEncode(WireNames.Of(run.DocType))}</dd>
              <dt>Status resource</dt><dd><a href="{WebUtility.HtmlEncode(link)}">{WebUtility.HtmlEncode(link)}</a></dd>
            </dl>
            """);
    }

    private RunSummary? Find(Guid runId)
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService<RunsDbContext>().Runs.AsNoTracking()
            .Where(r => r.Id == runId)
            .Select(r => new RunSummary(r.Status, r.Verdict, r.DocType))
            .SingleOrDefault();
    }

    private sealed record RunSummary(RunStatus Status, Pipeline.Verdicts.Verdict? Verdict, DocumentType DocType);
}
