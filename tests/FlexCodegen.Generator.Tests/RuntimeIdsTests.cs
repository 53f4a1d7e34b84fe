using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FlexCodegen.Generator.Emit;
using FlexCodegen.Generator.Model;
using FlexCodegen.Generator.Names;
using FlexCodegen.Generator.Parsing;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// Twilio's shared id kinds ship in the runtime package, written by the same emitter from the same table the parser
/// names them by: the committed files are what the emitter writes today, so an emitter change shows up here.
/// </summary>
public class RuntimeIdsTests
{
    private static string Dir => Path.Combine(GeneratorHarness.RepoRoot, "runtime", "FlexCodegen.Runtime", "Ids");

    private static Dictionary<string, string> Rendered() => TwilioIds.Kinds.ToDictionary(
        k => k.Name + ".g.cs",
        k => SidEmitter.Render(new EmitContext(TwilioIds.Namespace, "", TwilioIds.HintPrefix), SpecParser.SharedSid(k.Name, TwilioIds.PatternOf(k.Prefix)), inRuntime: true),
        StringComparer.Ordinal);

    [Fact]
    public void The_runtime_ships_exactly_the_id_types_the_emitter_writes_for_Twilios_table()
    {
        var files = Rendered();
        if (Environment.GetEnvironmentVariable("FLEXCODEGEN_ACCEPT") == "1")
        {
            Directory.CreateDirectory(Dir);
            foreach (var stale in Directory.GetFiles(Dir, "*.g.cs").Where(f => !files.ContainsKey(Path.GetFileName(f)))) File.Delete(stale);
            foreach (var (name, text) in files) File.WriteAllText(Path.Combine(Dir, name), text.Replace("\r\n", "\n"));
            return;
        }
        var committed = Directory.GetFiles(Dir, "*.g.cs").ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f).Replace("\r\n", "\n"), StringComparer.Ordinal);
        Assert.Equal(files.Keys.OrderBy(k => k, StringComparer.Ordinal), committed.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (name, text) in files)
            Assert.True(text.Replace("\r\n", "\n") == committed[name], $"runtime/FlexCodegen.Runtime/Ids/{name} is not what the emitter writes; rerun with FLEXCODEGEN_ACCEPT=1 and review the diff.");
    }

    // The way the parser decides: from the parsed pattern.
    private static string? NameFor(string pattern)
    {
        var parsed = SidPattern.TryParse(pattern)!;
        return TwilioIds.NameFor(parsed.Prefixes, parsed.Storage());
    }

    [Fact]
    public void Every_shared_kind_is_one_prefix_of_Twilios_form_held_as_numbers_and_the_names_are_unique()
    {
        var kinds = TwilioIds.Kinds.ToList();
        Assert.Equal(kinds.Count, kinds.Select(k => k.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(kinds.Count, kinds.Select(k => k.Prefix).Distinct(StringComparer.Ordinal).Count());
        foreach (var (prefix, name) in kinds)
        {
            var sid = SpecParser.SharedSid(name, TwilioIds.PatternOf(prefix));
            Assert.Equal(SidStorage.Hex, sid.Storage);
            Assert.Equal(new[] { prefix }, sid.Prefixes.ToArray());
            Assert.Equal(name, NameFor(TwilioIds.PatternOf(prefix)));
        }
        // Another form of a known prefix is not the shared kind, and UT (two kinds of resource at Twilio) has no shared name.
        Assert.Equal("WorkspaceSid", NameFor("^WS[0-9A-Fa-f]{32}$"));
        Assert.Null(NameFor("^WS[0-9a-f]{32}$"));
        Assert.Null(NameFor("^WS[0-9a-fA-F]{30}$"));
        Assert.Null(NameFor("^(WS|WK)[0-9a-fA-F]{32}$"));
        Assert.Null(NameFor("^UT[0-9a-fA-F]{32}$"));
    }
}
