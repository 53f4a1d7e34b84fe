using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using FlexCodegen.Generator.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// Where a diagnostic lands in a JSON file. The locator walks the file for its first few lookups and then indexes it
/// once, so thousands of diagnostics (an overlay of actions that match nothing, an API lock that lists nothing) cost
/// one walk of the file, not one per diagnostic; both ways must put every diagnostic at the same place.
/// </summary>
public class JsonLocatorTests
{
    public static TheoryData<string> Files() => new()
    {
        "flex spec",
        "flex overlay",
        "non-ASCII keys, CRLF, comments, an array at the root",
        "broken halfway",
        "white space before colons, escaped keys, long arrays and objects",
    };

    private static string Text(string name) => name switch
    {
        "flex spec" => File.ReadAllText(GeneratorHarness.FlexSpecPath),
        "flex overlay" => File.ReadAllText(GeneratorHarness.FlexOverlayPath),
        "non-ASCII keys, CRLF, comments, an array at the root" =>
            "[\r\n  // a comment\r\n  { \"größe\": { \"日本\": [1, { \"a/b\": 2, \"m~n\": 3 }] }, \"x\": null },\r\n  \"é\",\r\n  [[], {}],\r\n]",
        "white space before colons, escaped keys, long arrays and objects" =>
            "{ \"a\" : 1, \"b\"\r\n\t: [ 2 ], \"\\u0063\"\n:{ \"c\" : 3 }, \"\\u00e9\\u0041\" \t: 4, \"\\\"q\\\"\": 5,\n" +
            "  \"many\": [" + string.Join(", ", Enumerable.Range(0, 40).Select(i => i % 3 == 0 ? $"[{i}, {{ \"i\": {i} }}]" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "],\n" +
            "  \"wide\": {" + string.Join(", ", Enumerable.Range(0, 40).Select(i => $"\"k{i}\" : [{i}]")) + "} }",
        _ => File.ReadAllText(GeneratorHarness.FlexOverlayPath)[..7000],
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void The_index_puts_every_pointer_where_the_walk_does(string name)
    {
        string text = Text(name);
        var pointers = Pointers(name == "broken halfway" ? Text("flex overlay") : text).ToList();
        // And pointers that go on past what the file holds: both stop at the deepest step that is there.
        pointers.AddRange(pointers.Take(200).Select(p => p.Append("missing").ToList()).ToList());
        pointers.Add(new List<string> { "nowhere" });
        var walking = new JsonLocator("/f.json", text);
        var indexed = new JsonLocator("/f.json", text);

        int located = 0;
        foreach (var pointer in pointers)
        {
            var byWalk = walking.Walk(pointer);
            Assert.Equal(byWalk, indexed.Lookup(pointer));
            if (byWalk.Start > 0) located++;
        }
        Assert.True(located > pointers.Count / 3, $"only {located} of {pointers.Count} pointers were found at all");
    }

    [Fact]
    public void Many_diagnostics_in_one_file_land_where_one_alone_does()
    {
        string text = File.ReadAllText(GeneratorHarness.FlexSpecPath);
        var pointers = Pointers(text).Where(p => p.Count == 4 && p[0] == "paths").Select(p => "#/" + string.Join("/", p.Select(JsonPointer.Escape))).Take(300).ToList();
        var many = new JsonLocator("/f.json", text);

        foreach (var pointer in pointers)
        {
            var alone = new JsonLocator("/f.json", text).Diagnostic(DiagnosticDescriptors.SpecParseWarning, pointer, "x");
            Assert.Equal(alone, many.Diagnostic(DiagnosticDescriptors.SpecParseWarning, pointer, "x"));
        }
    }

    [Fact]
    public void A_key_that_cannot_be_decoded_is_read_as_written_and_both_ways_find_what_follows_it()
    {
        // An escaped lone surrogate is valid JSON, but System.Text.Json will not decode it to a string and throws.
        string text = "{ \"x\": { \"\\ud800\": 1, \"\\udc00\\ud800\": [ 2 ] }, \"y\": [ { \"z\\u0041\": 3 } ] }";
        var pointers = new[]
        {
            new List<string> { "x", "\\ud800" },
            new List<string> { "x", "\\udc00\\ud800", "0" },
            new List<string> { "y", "0", "zA" },
            new List<string> { "y", "0", "missing" },
        };
        var walking = new JsonLocator("/f.json", text);
        var indexed = new JsonLocator("/f.json", text);

        foreach (var pointer in pointers) Assert.Equal(walking.Walk(pointer), indexed.Lookup(pointer));
        Assert.Equal(text.IndexOf("\"\\ud800\"", StringComparison.Ordinal), walking.Walk(pointers[0]).Start);
        Assert.Equal(text.IndexOf("2 ]", StringComparison.Ordinal), walking.Walk(pointers[1]).Start);
        Assert.Equal(text.IndexOf("\"z", StringComparison.Ordinal), walking.Walk(pointers[2]).Start);
        Assert.Equal(text.IndexOf("{ \"z", StringComparison.Ordinal), walking.Walk(pointers[3]).Start);
        Assert.Equal("#/a", new JsonLocator("/f.json", "{ \"\\ud800\": 1, \"a\": 1, \"a\": 2 }").RepeatedKey());
    }

    [Fact]
    public void In_containers_long_enough_to_get_a_table_keys_twice_and_undecodable_are_found_as_the_walk_finds_them()
    {
        // Past its first few children a container is searched in a table: the first of a key written twice, and a key
        // that cannot be decoded by its text as written, as before them; an index only as the walk writes it.
        var members = Enumerable.Range(0, 40).Select(i => $"\"k{i % 30}\" : {{ \"v{i}\": [ {i} ] }}")
            .Append("\"\\ud800\" : [ 1 ]").Append("\"\\u006b1\": 2").Append("\"k\\/\" : 3");
        string text = "{ \"o\": {" + string.Join(",\n", members) + "},\n  \"a\": [" + string.Join(", ", Enumerable.Range(0, 40)) + "] }";
        var pointers = new List<List<string>>
        {
            new() { "o", "k0" }, new() { "o", "k0", "v0", "0" }, new() { "o", "k0", "v30" }, new() { "o", "k29", "v29" },
            new() { "o", "k9", "v39", "0" }, new() { "o", "\\ud800", "0" }, new() { "o", "k1" }, new() { "o", "k/" }, new() { "o", "k\\/" },
            new() { "o", "k30" }, new() { "a", "39" }, new() { "a", "16" }, new() { "a", "40" }, new() { "a", "039" }, new() { "a", "+1" },
            new() { "a", "99999999999" }, new() { "a", "" },
        };
        var walking = new JsonLocator("/f.json", text);
        var indexed = new JsonLocator("/f.json", text);

        foreach (var pointer in pointers)
            Assert.True(walking.Walk(pointer) == indexed.Lookup(pointer), $"/{string.Join("/", pointer)}: walk {walking.Walk(pointer)}, index {indexed.Lookup(pointer)}");
        Assert.Equal(text.IndexOf("\"k0\"", StringComparison.Ordinal), indexed.Lookup(pointers[2]).Start); // only in the second "k0"
        Assert.Equal(text.IndexOf("\"k9\"", StringComparison.Ordinal), indexed.Lookup(pointers[4]).Start);
        Assert.Equal(text.IndexOf("1 ]", text.IndexOf("\\ud800", StringComparison.Ordinal), StringComparison.Ordinal), indexed.Lookup(pointers[5]).Start);
        Assert.Equal(text.IndexOf("\"k\\/\"", StringComparison.Ordinal), indexed.Lookup(pointers[7]).Start);
    }

    [Fact]
    public void A_key_written_twice_is_found_at_its_first_place_both_ways_even_for_what_only_the_second_holds()
    {
        string text = "{ \"a\": { \"c\": [ 1 ] },\n  \"a\": { \"b\": { \"d\": 2 }, \"c\": [ 3, 4 ] } }";
        int first = text.IndexOf("\"a\"", StringComparison.Ordinal);
        var expected = new (List<string> Pointer, int Start)[]
        {
            (new List<string> { "a" }, first),
            (new List<string> { "a", "b" }, first),        // only in the second "a"
            (new List<string> { "a", "b", "d" }, first),
            (new List<string> { "a", "c" }, text.IndexOf("\"c\"", StringComparison.Ordinal)),
            (new List<string> { "a", "c", "0" }, text.IndexOf("1 ]", StringComparison.Ordinal)),
            (new List<string> { "a", "c", "1" }, text.IndexOf("\"c\"", StringComparison.Ordinal)), // only in the second "c"
        };
        var walking = new JsonLocator("/f.json", text);
        var indexed = new JsonLocator("/f.json", text);

        foreach (var (pointer, start) in expected)
        {
            Assert.Equal(start, walking.Walk(pointer).Start);
            Assert.Equal(walking.Walk(pointer), indexed.Lookup(pointer));
        }
    }

    [Theory]
    [InlineData("CR alone", "{\r  \"a\": 1,\r  \"b\": {\r    \"c\": [\r 2,\r 3 ]\r  }\r}")]
    [InlineData("U+2028 in a string", "{ \"a\": \"one\u2028two\",\n  \"b\": { \"c\": [ 2, 3 ] } }")]
    [InlineData("U+2029 and U+0085 in strings", "{ \"a\": \"one\u2029two\u0085three\", \"b\": { \"c\": [ 2, 3 ] } }")]
    [InlineData("CRLF, and CR before CRLF", "{\r\n  \"a\": 1,\r\r\n  \"b\": {\n    \"c\": [\r\n 2, 3 ] } }")]
    public void Lines_and_columns_are_the_compilers(string what, string text)
    {
        // The compiler shows a diagnostic at the line and column given with it: they must be where its own reading of
        // the file (SourceText) puts the same character, or the squiggle lands on another line.
        var lines = SourceText.From(text).Lines;
        var locator = new JsonLocator("/f.json", text);
        var pointers = Pointers(text).Select(p => "#/" + string.Join("/", p.Select(JsonPointer.Escape))).ToList();
        Assert.True(pointers.Count > JsonLocator.WalksBeforeIndex, what); // so both the walk and the index are asked

        foreach (var pointer in pointers)
        {
            var d = locator.Diagnostic(DiagnosticDescriptors.SpecParseWarning, pointer, "x");
            Assert.True(d.Start > 0, $"{what}: {pointer} was not found");
            Assert.Equal(lines.GetLinePosition(d.Start), new LinePosition(d.StartLine, d.StartColumn));
            Assert.Equal(lines.GetLinePosition(d.Start + d.Length), new LinePosition(d.EndLine, d.EndColumn));
        }
    }

    [Fact]
    public void Keys_a_pointer_escapes_or_that_are_empty_are_found_by_their_pointer()
    {
        // The generator writes a pointer segment with ~0 and ~1 only (RFC 6901), never percent-encoded as in a URI.
        string text = "{ \"a/b\": { \"m~n\": [ { \"~1\": 1 } ] },\n  \"a%20b\": 2, \"100%\": 3, \"%zz\": 4,\n  \"\": { \"\": [ 5, { \"\": 6 } ] }, \"x\": { \"\": 7 } }";
        var pointers = Pointers(text).ToList();
        var indexed = new JsonLocator("/f.json", text);
        var walking = new JsonLocator("/f.json", text);
        Assert.Equal(14, pointers.Count);

        foreach (var segments in pointers)
        {
            string pointer = "#/" + string.Join("/", segments.Select(JsonPointer.Escape));
            var expected = walking.Walk(segments);
            Assert.True(expected.Start > 0, pointer);
            Assert.Equal(expected, new JsonLocator("/f.json", text).Find(pointer));
            Assert.Equal(expected, indexed.Find(pointer));
        }
        Assert.Equal((0, 0), indexed.Find("#"));
    }

    [Fact]
    public void Nesting_past_what_the_reader_allows_stops_both_ways_at_the_same_place()
    {
        string text = string.Concat(Enumerable.Repeat("{ \"a\": [ ", 50)) + "1" + string.Concat(Enumerable.Repeat(" ] }", 50));
        var walking = new JsonLocator("/f.json", text);
        var indexed = new JsonLocator("/f.json", text);
        var pointer = new List<string>();
        var found = new List<int>();
        for (int depth = 0; depth < 50; depth++)
        {
            pointer.Add("a");
            Assert.Equal(walking.Walk(pointer), indexed.Lookup(pointer));
            found.Add(walking.Walk(pointer).Start);
            pointer.Add("0");
            Assert.Equal(walking.Walk(pointer), indexed.Lookup(pointer));
        }
        // Down to the deepest key the reader reads (64 levels), then that key for every deeper pointer.
        Assert.All(found.Zip(found.Skip(1)), pair => Assert.True(pair.First <= pair.Second));
        Assert.InRange(found[^1], found[0] + 1, text.IndexOf('1') - 1);
        Assert.Equal(found[31], found[^1]);
        Assert.True(found[30] < found[31]);
    }

    [Fact]
    public void A_file_cut_anywhere_is_located_the_same_both_ways()
    {
        string full = "[\r\n  // a comment\r\n  { \"größe\": { \"日本\": [1, { \"a/b\": 2, \"\\ud800\": 3, \"a/b\": { \"c\": 4 } }] }, \"x\": null },\r\n  \"é\",\r\n  [[], {}],\r\n]";
        var pointers = new List<List<string>>
        {
            new() { "0" }, new() { "0", "größe" }, new() { "0", "größe", "日本", "1" }, new() { "0", "größe", "日本", "1", "a/b" },
            new() { "0", "größe", "日本", "1", "a/b", "c" }, new() { "0", "größe", "日本", "1", "\\ud800" }, new() { "0", "x" }, new() { "1" }, new() { "2", "1" },
        };
        for (int cut = 0; cut <= full.Length; cut++)
        {
            string text = full[..cut];
            var walking = new JsonLocator("/f.json", text);
            var indexed = new JsonLocator("/f.json", text);
            foreach (var pointer in pointers)
                Assert.True(walking.Walk(pointer) == indexed.Lookup(pointer), $"cut at {cut}: /{string.Join("/", pointer)}");
        }
    }

    /// <summary>
    /// The most the index may allocate (with what it builds to answer lookups) per byte of the file. It is built inside
    /// the compiler, on every build and keystroke: a file it grows out of proportion to is a way to exhaust memory.
    /// </summary>
    private const int MaxIndexBytesPerFileByte = 16;

    public static TheoryData<string> HugeFiles() => new()
    {
        "200,000 zeros",
        "100,000 small members",
        "200,000 small objects",
        "2,000 keys of 1,000 characters",
        "a million empty objects",
        "5,000 arrays of arrays 60 deep",
        "100,000 levels deep",
    };

    /// <summary>A huge file of one shape, and pointers into it: to its first, middle and last parts, and past them.</summary>
    private static (string Text, List<List<string>> Pointers) Huge(string name)
    {
        static List<string> P(params string[] segments) => segments.ToList();
        static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));
        static string LongKey(int i) => new string('k', 994) + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        switch (name)
        {
            case "200,000 zeros":
                return ("[" + string.Join(",", Enumerable.Repeat("0", 200_000)) + "]",
                    new() { P("0"), P("15"), P("16"), P("100000"), P("199999"), P("199999", "0"), P("200000"), P("01"), P("-1"), P("1e3") });
            case "100,000 small members":
                return ("{" + string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"\"k{i}\":0")) + "}",
                    new() { P("k0"), P("k50000"), P("k99999"), P("k99999", "0"), P("k100000"), P("0") });
            case "200,000 small objects":
                return ("[" + string.Join(",", Enumerable.Repeat("{\"a\":0}", 200_000)) + "]",
                    new() { P("0", "a"), P("100000", "a"), P("199999", "a"), P("199999", "b"), P("200000", "a") });
            case "2,000 keys of 1,000 characters":
                return ("{" + string.Join(",", Enumerable.Range(0, 2_000).Select(i => $"\"{LongKey(i)}\":[{i}]")) + "}",
                    new() { P(LongKey(0)), P(LongKey(1_999), "0"), P(LongKey(2_000)), P(LongKey(1_999)[1..]) });
            case "a million empty objects":
                return ("[" + string.Join(",", Enumerable.Repeat("{}", 1_000_000)) + "]",
                    new() { P("0"), P("500000"), P("999999"), P("999999", "a"), P("1000000") });
            case "5,000 arrays of arrays 60 deep":
                return ("[" + string.Join(",", Enumerable.Repeat(Repeat("[", 60) + "0" + Repeat("]", 60), 5_000)) + "]",
                    new() { P(Enumerable.Repeat("0", 61).ToArray()), P(new[] { "4999" }.Concat(Enumerable.Repeat("0", 60)).ToArray()), P("4999", "1"), P("5000") });
            default:
                return (Repeat("[", 100_000) + Repeat("]", 100_000), new() { P(Enumerable.Repeat("0", 70).ToArray()), P("1") });
        }
    }

    [Theory]
    [MemberData(nameof(HugeFiles))]
    public void The_index_of_a_huge_file_costs_memory_in_proportion_to_the_file(string name)
    {
        var (text, pointers) = Huge(name);
        var indexed = new JsonLocator("/f.json", text);
        var found = new List<(int Start, int Length)>();

        // Allocations are counted, not timed: the same on every machine.
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var pointer in pointers) found.Add(indexed.Lookup(pointer));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        int fileBytes = System.Text.Encoding.UTF8.GetByteCount(text);
        Assert.True(allocated <= (long)MaxIndexBytesPerFileByte * fileBytes,
            $"{name}: the index took {allocated:N0} bytes for a file of {fileBytes:N0} ({(double)allocated / fileBytes:F1} a byte; at most {MaxIndexBytesPerFileByte})");
        var walking = new JsonLocator("/f.json", text);
        for (int i = 0; i < pointers.Count; i++)
            Assert.True(walking.Walk(pointers[i]) == found[i], $"{name}: /{string.Join("/", pointers[i])} is {found[i]} in the index, {walking.Walk(pointers[i])} by the walk");
        Assert.True(found[0].Start > 0, name);
    }

    [Fact]
    public void Text_that_cannot_be_decoded_is_found_in_each_of_many_overlay_actions_by_reading_each_once()
    {
        // An action whose update holds such text is skipped and reported at it, one diagnostic an action: each must not
        // read the overlay from its start, which made twice the actions cost four times as much (allocations counted,
        // not timed: with 1,000 actions, 820 MB for an 83 KB file).
        static string Overlay(int actions) => "{ \"actions\": [\n" + string.Join(",\n", Enumerable.Range(0, actions).Select(i =>
            $"  {{ \"target\": \"$.info\", \"update\": {{ \"x-{i}\": [ 1, \"fine\", {{ \"a\": \"\\ud800\" }} ] }} }}")) + " ] }";
        static long Allocated(int actions)
        {
            var locator = new JsonLocator("/f.json", Overlay(actions));
            var pointers = Enumerable.Range(0, actions).Select(i => $"#/actions/{i}/update").ToList();
            var found = new string?[actions];
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < actions; i++) found[i] = locator.UndecodableText(pointers[i]);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(Enumerable.Range(0, actions).Select(i => $"#/actions/{i}/update/x-{i}/2/a"), found);
            return allocated;
        }

        Allocated(100); // once before counting, so what is done once per process is not counted in either
        long half = Allocated(500), all = Allocated(1_000);
        Assert.True(all <= half * 5 / 2, $"500 actions: {half:N0} bytes; 1,000 actions: {all:N0} bytes");

        // At the text itself, in what holds none, where nothing is, and in the whole file.
        var locator = new JsonLocator("/f.json", Overlay(10));
        Assert.Equal("#/actions/7/update/x-7/2/a", locator.UndecodableText("#/actions/7/update/x-7/2/a"));
        Assert.Null(locator.UndecodableText("#/actions/7/update/x-7/1"));
        Assert.Null(locator.UndecodableText("#/actions/7/target"));
        Assert.Null(locator.UndecodableText("#/actions/7/update/x-8"));
        Assert.Null(locator.UndecodableText("#/actions/10"));
        Assert.Equal("#/actions/0/update/x-0/2/a", locator.UndecodableText("#"));
        Assert.Equal("#/actions/0/update/x-0/2/a", locator.UndecodableText());
        // A value read on its own from after its key: white space and comments before it, and a string as the value.
        var odd = new JsonLocator("/f.json", "{ \"u\" \r\n: /* c */ [ \"\\ud800\" ], \"v\": // c\n \"\\udc00\", \"w\": [ 1, \"\\ud800\\u0041\" ] }");
        Assert.Equal("#/u/0", odd.UndecodableText("#/u"));
        Assert.Equal("#/v", odd.UndecodableText("#/v"));
        Assert.Equal("#/w/1", odd.UndecodableText("#/w"));
        Assert.Null(odd.UndecodableText("#/w/0"));
        Assert.Null(new JsonLocator("/f.json", "").UndecodableText("#/u"));
        Assert.Equal("#/u/0", new JsonLocator("/f.json", "{ \"u\": [ \"\\ud800\"").UndecodableText("#/u")); // cut after it
        Assert.Null(new JsonLocator("/f.json", "{ \"u\": [ 1, \"\\ud8").UndecodableText("#/u")); // cut in it
    }

    /// <summary>Every pointer into the JSON, as segments: each member and each array item.</summary>
    internal static IEnumerable<List<string>> Pointers(string text)
    {
        var root = JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var pending = new Stack<(JsonNode? Node, List<string> Path)>();
        pending.Push((root, new List<string>()));
        while (pending.Count > 0)
        {
            var (node, path) = pending.Pop();
            if (path.Count > 0) yield return path;
            if (node is JsonObject o) foreach (var pair in o) pending.Push((pair.Value, path.Append(pair.Key).ToList()));
            else if (node is JsonArray a) for (int i = 0; i < a.Count; i++) pending.Push((a[i], path.Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList()));
        }
    }
}
