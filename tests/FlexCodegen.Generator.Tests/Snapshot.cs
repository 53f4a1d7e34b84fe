using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// Received/verified snapshots without Verify. The set of files is compared first, then each file's text.
/// A mismatch writes <c>*.received.txt</c> beside the verified file and fails. <c>FLEXCODEGEN_ACCEPT=1</c>
/// rewrites the verified files instead (never automatic: review the diff before committing).
/// </summary>
public static class Snapshot
{
    private static bool Accept => Environment.GetEnvironmentVariable("FLEXCODEGEN_ACCEPT") == "1";

    public static void Verify(string name, IReadOnlyDictionary<string, string> files)
    {
        string dir = Path.Combine(GeneratorHarness.RepoRoot, "tests", "FlexCodegen.Generator.Tests", "Snapshots", name);
        Directory.CreateDirectory(dir);
        foreach (var stale in Directory.GetFiles(dir, "*.received.txt")) File.Delete(stale);

        var expected = Directory.GetFiles(dir, "*.verified.txt").Select(f => Path.GetFileName(f)[..^".verified.txt".Length]).OrderBy(x => x, StringComparer.Ordinal).ToList();
        var actual = files.Keys.OrderBy(x => x, StringComparer.Ordinal).ToList();
        var problems = new List<string>();

        if (Accept)
        {
            foreach (var gone in expected.Except(actual)) File.Delete(Path.Combine(dir, gone + ".verified.txt"));
            foreach (var (hint, text) in files) File.WriteAllText(Path.Combine(dir, hint + ".verified.txt"), Normalize(text));
            return;
        }

        foreach (var missing in expected.Except(actual)) problems.Add($"no longer generated: {missing}");
        foreach (var added in actual.Except(expected))
        {
            problems.Add($"newly generated: {added}");
            File.WriteAllText(Path.Combine(dir, added + ".received.txt"), Normalize(files[added]));
        }
        foreach (var hint in actual.Intersect(expected))
        {
            string verified = Normalize(File.ReadAllText(Path.Combine(dir, hint + ".verified.txt")));
            string received = Normalize(files[hint]);
            if (verified == received) continue;
            File.WriteAllText(Path.Combine(dir, hint + ".received.txt"), received);
            problems.Add($"changed: {hint} (first difference at line {FirstDifference(verified, received)})");
        }

        Assert.True(problems.Count == 0,
            $"Snapshot '{name}' differs ({problems.Count}):\n" + string.Join("\n", problems.Take(40)) +
            $"\nCompare the *.received.txt files in {dir}; if the change is intended, rerun with FLEXCODEGEN_ACCEPT=1.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    private static int FirstDifference(string a, string b)
    {
        var x = a.Split('\n');
        var y = b.Split('\n');
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
            if (x[i] != y[i]) return i + 1;
        return Math.Min(x.Length, y.Length) + 1;
    }
}
