using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FlexCodegen.Generator.Selection;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// Only what the app uses: a spec's IncludePaths/ExcludePaths/IncludeOperations/ExcludeOperations generate the selected
/// operations and what they use, under the names the whole spec gives them.
/// </summary>
public class SelectionTests
{
    private readonly ITestOutputHelper _log;

    public SelectionTests(ITestOutputHelper log) => _log = log;

    private static string Bundled(string name) => Path.Combine(GeneratorHarness.RepoRoot, "specs", "twilio_" + name + ".json");

    /// <summary>The type names generated, from the hint names (<c>twilio_taskrouter_v1.TaskrouterTask.g.cs</c> → TaskrouterTask).</summary>
    private static SortedSet<string> Types(GeneratorOutput output) =>
        new(output.Files.Keys.Select(k => k.Split('.')[1]), StringComparer.Ordinal);

    [Fact]
    public void A_spec_with_includes_generates_only_those_operations_and_what_they_use_and_compiles_without_warnings()
    {
        var full = GeneratorHarness.Run(GeneratorHarness.Spec(Bundled("taskrouter_v1")));
        var output = GeneratorHarness.Run(GeneratorHarness.Spec(Bundled("taskrouter_v1")) with { IncludeOperations = "FetchTask;UpdateTask" });

        Assert.Empty(output.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(output.CompileProblems());

        var types = Types(output);
        // The two operations, their request, the model they answer with and what it uses, and the way down to them.
        foreach (string kept in new[] { "TaskrouterClient", "WorkspaceCollection", "WorkspaceResource", "TaskrouterTaskCollection", "TaskrouterTaskResource", "UpdateTaskRequest", "TaskrouterTask", "TaskrouterTaskStatus" })
            Assert.Contains(kept, types);
        // The other operations' requests, and models nothing selected uses, are not generated.
        foreach (string gone in new[] { "CreateTaskRequest", "ListTaskRequest", "CreateWorkerRequest", "UpdateWorkspaceRequest", "Worker", "Workflow", "Activity", "TaskReservation", "WorkerCollection" })
            Assert.DoesNotContain(gone, types);
        // Every name is the one the whole spec gives: a selection is a part of the full API, never a renamed copy.
        Assert.Subset(Types(full), types);
        Assert.True(types.Count * 5 < Types(full).Count, $"{types.Count} of {Types(full).Count} types");

        // The nodes on the way keep only what was selected: no FetchAsync on the workspace, no Workers beside Tasks.
        string workspace = output.File("WorkspaceResource");
        Assert.Contains(" Tasks", workspace);
        Assert.DoesNotContain("FetchAsync", workspace);
        Assert.DoesNotContain("Workers", workspace);
        Assert.DoesNotContain("CreateAsync", output.File("TaskrouterTaskCollection"));
        string task = output.File("TaskrouterTaskResource");
        Assert.Contains("FetchAsync", task);
        Assert.Contains("UpdateAsync", task);
        Assert.DoesNotContain("DeleteAsync", task);
        Assert.DoesNotContain("Reservations", task);
    }

    [Fact]
    public void Path_globs_select_what_is_under_them_and_excludes_take_operations_back_out()
    {
        var output = GeneratorHarness.Run(GeneratorHarness.Spec(Bundled("taskrouter_v1")) with
        {
            IncludePaths = "/v1/Workspaces/*/Tasks/**",
            ExcludePaths = "/v1/Workspaces/*/Tasks/*/Reservations/**",
            ExcludeOperations = "delete*",
        });

        Assert.Empty(output.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(output.CompileProblems());
        var types = Types(output);
        Assert.Contains("CreateTaskRequest", types);
        Assert.Contains("ListTaskRequest", types);
        Assert.Contains("UpdateTaskRequest", types);
        Assert.DoesNotContain("TaskReservation", types);
        Assert.DoesNotContain("DeleteAsync", output.File("TaskrouterTaskResource"));
        Assert.DoesNotContain("Reservations", output.File("TaskrouterTaskResource"));
    }

    [Fact]
    public void Objects_only_a_left_out_request_sends_are_not_checked_before_sending()
    {
        // A fetched interaction's channel is an InteractionChannelSpec (the package's overlay types it), only read; a
        // create sends one, and checks it before sending.
        var fetchOnly = GeneratorHarness.Run(GeneratorHarness.FlexWithOverlay()[0] with { IncludeOperations = "FetchInteraction" }, GeneratorHarness.FlexWithOverlay()[1]);
        var create = GeneratorHarness.Run(GeneratorHarness.FlexWithOverlay()[0] with { IncludeOperations = "CreateInteraction" }, GeneratorHarness.FlexWithOverlay()[1]);

        Assert.Empty(fetchOnly.CompileProblems());
        Assert.Empty(create.CompileProblems());
        Assert.DoesNotContain("CreateInteractionRequest", Types(fetchOnly));
        Assert.DoesNotContain("Validate(", fetchOnly.File("InteractionChannelSpec"));
        Assert.Contains("internal void Validate(", create.File("InteractionChannelSpec"));
        Assert.Contains("internal void Validate(", create.File("InteractionRouting"));
    }

    [Fact]
    public void An_include_that_matches_nothing_is_a_warning_at_the_spec_s_paths_naming_it()
    {
        var spec = GeneratorHarness.Spec(Bundled("flex_v1")) with { IncludePaths = "/v1/Interactionz/**;/v1/Interactions", IncludeOperations = "FetchInteractoin" };

        var output = GeneratorHarness.Run(spec);

        var warnings = output.GeneratorDiagnostics.Where(d => d.Id == "FLXG014").OrderBy(d => d.GetMessage(), StringComparer.Ordinal).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(DiagnosticSeverity.Warning, w.DefaultSeverity));
        Assert.StartsWith("IncludeOperations 'FetchInteractoin' matches no operation of 'twilio_flex_v1.json', so it selects nothing.", warnings[0].GetMessage());
        Assert.StartsWith("IncludePaths '/v1/Interactionz/**' matches no operation of 'twilio_flex_v1.json', so it selects nothing.", warnings[1].GetMessage());
        var at = warnings[0].Location.GetLineSpan();
        Assert.Equal(spec.Path, at.Path);
        Assert.Contains("\"paths\"", File.ReadAllLines(spec.Path)[at.StartLinePosition.Line]);
        // The pattern that matches still selects: CreateInteraction is the one operation of /v1/Interactions.
        Assert.Contains("CreateInteractionRequest", Types(output));
        Assert.DoesNotContain("FetchAsync", output.File("InteractionCollection"));
        Assert.Empty(output.CompileProblems());
    }

    [Fact]
    public void The_api_lock_of_a_selection_holds_only_its_members_and_the_build_checks_the_selection_against_it()
    {
        string dir = Path.Combine(Path.GetTempPath(), "flexcodegen-select-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string spec = Path.Combine(dir, "twilio_taskrouter_v1.json");
        File.Copy(Bundled("taskrouter_v1"), spec);
        var output = new StringWriter();
        var error = new StringWriter();

        int exit = FlexCodegen.Cli.CommandLine.Run(new[] { "api", spec, "--include-operation", "FetchTask;UpdateTask" }, output, error);

        Assert.True(exit == 0, error.ToString());
        string selected = output.ToString();
        var operations = selected.Split('\n').Where(l => l.StartsWith("operation ", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[]
        {
            "operation TaskrouterTaskResource.FetchAsync : GET /v1/Workspaces/{WorkspaceSid}/Tasks/{Sid} -> 200",
            "operation TaskrouterTaskResource.UpdateAsync : POST /v1/Workspaces/{WorkspaceSid}/Tasks/{Sid} -> 200",
        }, operations);
        Assert.Contains("request UpdateTaskRequest.AssignmentStatus : TaskrouterTaskStatus? optional", selected);
        Assert.DoesNotContain("CreateTaskRequest", selected);
        Assert.DoesNotContain("model Worker", selected);
        // Each line is a line of the whole spec's lock: the same names, the same types.
        string fullLock = File.ReadAllText(Path.Combine(GeneratorHarness.RepoRoot, "specs", "twilio_taskrouter_v1.api.txt"));
        Assert.Subset(new HashSet<string>(fullLock.Split('\n')), new HashSet<string>(selected.Split('\n')));

        // The build's lock check follows the same selection: the selection's lock holds, the whole spec's does not.
        string lockPath = Path.Combine(dir, "twilio_taskrouter_v1.api.txt");
        var selection = GeneratorHarness.Spec(spec) with { IncludeOperations = "FetchTask;UpdateTask" };
        var holds = GeneratorHarness.Run(selection, new InputFile(lockPath, selected, "ApiLock"));
        Assert.DoesNotContain(holds.GeneratorDiagnostics, d => d.Id.StartsWith("FLXG20", StringComparison.Ordinal));
        var removed = GeneratorHarness.Run(selection, new InputFile(lockPath, fullLock, "ApiLock"));
        var gone = removed.GeneratorDiagnostics.Where(d => d.Id == "FLXG201").ToList();
        Assert.Contains(gone, d => d.GetMessage().Contains("TaskrouterTaskCollection.CreateAsync", StringComparison.Ordinal));
        // The refresh it suggests carries the selection.
        Assert.Contains($"flexcodegen api {spec} --include-operation FetchTask --include-operation UpdateTask > {lockPath}", gone[0].GetMessage());
    }

    [Theory]
    [InlineData("/v1/Interactions/**", "/v1/Interactions", true)]
    [InlineData("/v1/Interactions/**", "/v1/Interactions/{InteractionSid}/Channels/{Sid}", true)]
    [InlineData("/v1/Interactions/**", "/v1/InteractionsX", false)]
    [InlineData("/v1/interactions/*", "/v1/Interactions/{Sid}", true)]
    [InlineData("/v1/Interactions/*", "/v1/Interactions/{InteractionSid}/Channels", false)]
    [InlineData("/v1/**/Participants/*", "/v1/Interactions/{InteractionSid}/Channels/{ChannelSid}/Participants/{Sid}", true)]
    [InlineData("/v1/**/Participants/*", "/v1/Interactions/{InteractionSid}/Channels/{ChannelSid}/Participants", false)]
    [InlineData("v1/Workspaces/{WorkspaceSid}/Tasks/", "/v1/Workspaces/{WorkspaceSid}/Tasks", true)]
    [InlineData("/v1/Workspaces/{Sid}/Tasks", "/v1/Workspaces/{WorkspaceSid}/Tasks", false)]
    [InlineData("/2010-04-01/Accounts/*/Calls*", "/2010-04-01/Accounts/{AccountSid}/Calls.json", true)]
    [InlineData("/**", "/v1/Anything/At/All", true)]
    [InlineData("/**/**/x", "/x", true)]
    public void Path_globs(string pattern, string path, bool matches) => Assert.Equal(matches, Glob.MatchesPath(pattern, path));

    [Theory]
    [InlineData("FetchTask", "FetchTask", true)]
    [InlineData("fetchtask", "FetchTask", true)]
    [InlineData("Fetch*", "FetchTaskReservation", true)]
    [InlineData("*Task", "FetchTaskReservation", false)]
    [InlineData("*Task*", "FetchTaskReservation", true)]
    [InlineData("F*t*k", "FetchTask", true)]
    [InlineData("FetchTask", "FetchTaskReservation", false)]
    [InlineData("*", "", true)]
    public void Operation_id_globs(string pattern, string id, bool matches) => Assert.Equal(matches, Glob.MatchesName(pattern, id));

    /// <summary>
    /// The contact-center app of issue #31 across the three bundled specs, against the whole of them: what the compiler
    /// is handed (characters and files of generated C#). A measurement, printed; it fails only if the selection stops
    /// being much smaller or stops compiling.
    /// </summary>
    [Fact]
    public void The_contact_center_selection_of_the_three_specs_generates_a_fraction_of_the_whole()
    {
        var flex = GeneratorHarness.FlexWithOverlay();
        InputFile[] Files(bool select) => new[]
        {
            select ? flex[0] with
            {
                IncludeOperations = "CreateInteraction;UpdateInteractionChannel",
                IncludePaths = "/v1/Interactions/*/Channels/*/Participants/**;/v1/Interactions/*/Channels/*/Invites",
            } : flex[0],
            flex[1],
            select ? GeneratorHarness.Spec(Bundled("taskrouter_v1")) with { IncludeOperations = "FetchTask;UpdateTask;ListTask;FetchTaskReservation" } : GeneratorHarness.Spec(Bundled("taskrouter_v1")),
            select ? GeneratorHarness.Spec(Bundled("conversations_v1")) with { IncludeOperations = "FetchConversation;UpdateConversation;CreateConversationMessage" } : GeneratorHarness.Spec(Bundled("conversations_v1")),
        };
        var whole = GeneratorHarness.Run(Files(select: false));
        var selected = GeneratorHarness.Run(Files(select: true));

        Assert.Empty(selected.GeneratorDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Empty(selected.CompileProblems());
        long Chars(GeneratorOutput o) => o.Files.Values.Sum(f => (long)f.Length);
        foreach (var (name, o) in new[] { ("three specs, whole", whole), ("contact-center selection", selected) })
            _log.WriteLine($"{name}: {Chars(o):N0} characters of generated C# in {o.Files.Count} files");
        foreach (string spec in new[] { "twilio_flex_v1", "twilio_taskrouter_v1", "twilio_conversations_v1" })
        {
            long Of(GeneratorOutput o) => o.Files.Where(f => f.Key.StartsWith(spec + ".", StringComparison.Ordinal)).Sum(f => (long)f.Value.Length);
            _log.WriteLine($"  {spec}: {Of(whole):N0} -> {Of(selected):N0}");
        }
        Assert.True(Chars(selected) * 4 < Chars(whole), $"{Chars(selected):N0} of {Chars(whole):N0}");
    }
}
