using System;
using System.Collections.Generic;
using System.Linq;
using FlexCodegen.Generator.Diagnostics;
using Xunit;

namespace FlexCodegen.Generator.Tests;

/// <summary>
/// The locator's walk and index agree on files and pointers JsonLocatorTests does not try: a scalar, nothing or a BOM
/// as the file, comments where the reader allows them (and before a colon, where it does not), trailing commas, very
/// long strings, keys whose escapes decode to '/', '~' and '.', surrogate pairs, and pointers past an array's end,
/// into a scalar, or with an index no int holds.
/// </summary>
public class JsonLocatorAttackTests
{
    public static TheoryData<string, string> Inputs() => new()
    {
        { "number root", "42" },
        { "string root", "\"a\"" },
        { "true root", "true" },
        { "null root", " null " },
        { "empty", "" },
        { "whitespace", "  \r\n\t " },
        { "bom", "\uFEFF{\"a\": {\"b\": [1, 2]}}" },
        { "comment before colon", "{\"a\" /* c */ : {\"b\": 1}, \"c\" // x\n : 2, \"d\": 3}" },
        { "comments in arrays", "{\"a\": [ /*x*/ 1, // y\n 2, /* z */ ], \"b\": [/**/], \"c\": [1 /*after*/, /*before*/ {\"d\": 4}]}" },
        { "trailing commas", "{\"a\": [1,2,], \"b\": {\"c\":1,},}" },
        { "long strings", "{\"" + new string('k', 70000) + "\": \"" + new string('v', 300000) + "\", \"after\": {\"x\": [1]}}" },
        { "escapes to slash tilde dot", "{\"a\\u002fb\": 1, \"\\u007e1\": 2, \"a\\u002eb\": 3, \"x\\/y\": 4, \"~0\": 5, \"plain\": {\"\\u002f\": 6}}" },
        { "escapes in a wide object", "{" + string.Join(", ", Enumerable.Range(0, 20).Select(i => $"\"k{i}\": {i}")) + ", \"a\\u002fb\": 1, \"\\u007e1\": 2, \"a\\u002eb\": 3, \"x\\/y\": 4}" },
        { "surrogate pairs", "{\"\\ud83d\\ude00\": {\"😀\": 1, \"x\": \"😀😀\"}, \"😀b\": [\"😀\", 2], \"c\": 3}" },
        { "arrays", "{\"a\": [0,1,2], \"w\": [" + string.Join(",", Enumerable.Range(0, 40)) + "], \"s\": \"text\", \"n\": 5, \"o\": {}}" },
        { "root array", "[0, [1, 2], {\"a\": 3}" + string.Concat(Enumerable.Range(0, 30).Select(i => "," + i)) + "]" },
    };

    private static readonly string[][] Extra =
    {
        new[] { "a" }, new[] { "0" }, new[] { "a", "b" }, new[] { "a", "5" }, new[] { "a", "3" }, new[] { "w", "39" }, new[] { "w", "40" },
        new[] { "w", "2147483647" }, new[] { "w", "2147483648" }, new[] { "w", "99999999999" }, new[] { "w", "-1" }, new[] { "w", "01" },
        new[] { "w", "1e1" }, new[] { "w", " 1" }, new[] { "w", "١" }, new[] { "a", "0" }, new[] { "s", "x" }, new[] { "s", "0" }, new[] { "n", "0" },
        new[] { "o", "x" }, new[] { "a/b" }, new[] { "~1" }, new[] { "a.b" }, new[] { "x/y" }, new[] { "/" }, new[] { "plain", "/" },
        new[] { "😀", "😀" }, new[] { "😀", "x" }, new[] { "😀b", "0" }, new[] { "c" }, new[] { "c", "1", "d" }, new[] { "d" }, new[] { "b", "0" },
        new[] { "after", "x", "0" }, new[] { "1", "1" }, new[] { "2", "a" }, new[] { "32" }, new[] { "33" }, new[] { "100" },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Walk_and_index_agree_on_awkward_files_and_pointers(string name, string text)
    {
        var pointers = Extra.Select(p => p.ToList()).ToList();
        try { pointers.AddRange(JsonLocatorTests.Pointers(text).ToList()); } catch (System.Text.Json.JsonException) { } // not JSON: the extra pointers only
        var walking = new JsonLocator("/f.json", text);
        var indexed = new JsonLocator("/f.json", text);
        var differ = pointers.Where(p => walking.Walk(p) != indexed.Lookup(p)).Select(p => $"{name}: /{string.Join("/", p)}").ToList();
        Assert.True(differ.Count == 0, string.Join("\n", differ));
        foreach (var p in pointers.Where(p => p.Count == 1))
            indexed.UndecodableText("#/" + JsonPointer.Escape(p[0])); // never throws
    }

    [Theory]
    [InlineData("a/b", "\"a\\u002fb\"")]
    [InlineData("~1", "\"\\u007e1\"")]
    [InlineData("a.b", "\"a\\u002eb\"")]
    [InlineData("x/y", "\"x\\/y\"")]
    public void A_key_whose_escapes_decode_to_a_pointer_character_is_found_by_its_pointer(string key, string written)
    {
        foreach (string name in new[] { "escapes to slash tilde dot", "escapes in a wide object" })
        {
            string text = Inputs().Single(row => (string)row[0] == name)[1].ToString()!;
            string pointer = "#/" + JsonPointer.Escape(key);
            var walking = new JsonLocator("/f.json", text);
            for (int i = 0; i < JsonLocator.WalksBeforeIndex; i++) walking.Find("#/none");
            Assert.Equal(text.IndexOf(written, StringComparison.Ordinal), walking.Find(pointer).Start);
            Assert.Equal(text.IndexOf(written, StringComparison.Ordinal), new JsonLocator("/f.json", text).Find(pointer).Start);
        }
    }

    [Fact]
    public void Walk_and_index_agree_on_generated_files_with_repeated_escaped_and_undecodable_keys_comments_and_cuts()
    {
        var random = new Random(12345);
        string[] keys = { "a", "b", "", "a/b", "~", "\\u0061", "\\u002f", "\\ud83d\\ude00", "😀", "é", "\\ud800", "0", "1", "x.y" };
        // Each key as written, and as a pointer names it (an undecodable key: as written).
        string[] decoded = { "a", "b", "", "a/b", "~", "a", "/", "😀", "😀", "é", "\\ud800", "0", "1", "x.y" };
        string[] gaps = { "", " ", "\n", "\r\n", " /* c */ ", " // c\n", "\t" };
        string Gap() => gaps[random.Next(gaps.Length)];
        var paths = new List<List<string>>(); // every value written, by where it is
        string Value(List<string> path)
        {
            paths.Add(path);
            switch (random.Next(path.Count > 5 ? 4 : 7))
            {
                case 0: return random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
                case 1: return "\"" + string.Concat(Enumerable.Repeat("😀é", random.Next(4) == 0 ? 700 : 2)) + "\"";
                case 2: return "true";
                case 3: return "null";
                case 4: case 5:
                {
                    int n = random.Next(random.Next(2) == 0 ? 4 : 25);
                    var items = Enumerable.Range(0, n).Select(i => Gap() + Value(path.Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList()) + Gap()).ToList();
                    return "[" + string.Join(",", items) + (n > 0 && random.Next(4) == 0 ? "," : "") + "]";
                }
                default:
                {
                    int n = random.Next(random.Next(2) == 0 ? 4 : 25);
                    var members = Enumerable.Range(0, n).Select(_ =>
                    {
                        int key = random.Next(keys.Length);
                        return Gap() + "\"" + keys[key] + "\"" + (random.Next(3) == 0 ? " " : "") + ":" + Gap() + Value(path.Append(decoded[key]).ToList());
                    }).ToList();
                    return "{" + string.Join(",", members) + (n > 0 && random.Next(4) == 0 ? "," : "") + "}";
                }
            }
        }
        var bad = new List<string>();
        int deep = 0; // pointers found past their first step: the files are searched, not just missed
        for (int round = 0; round < 200 && bad.Count == 0; round++)
        {
            paths.Clear();
            string text = Value(new List<string>());
            if (random.Next(5) == 0) text = text[..random.Next(text.Length + 1)];
            var walking = new JsonLocator("/f.json", text);
            var indexed = new JsonLocator("/f.json", text);
            foreach (var written in paths.Where(p => p.Count > 0).OrderBy(_ => random.Next()).Take(60))
            {
                // As written, past it, or with a step changed into an index past the end or no index at all.
                var pointer = random.Next(3) switch
                {
                    0 => written,
                    1 => written.Append(random.Next(2) == 0 ? "a" : "30").ToList(),
                    _ => written.Take(written.Count - 1).Append(random.Next(2) == 0 ? "24" : "2147483648").ToList(),
                };
                var w = walking.Walk(pointer);
                if (pointer.Count > 1 && w != walking.Walk(pointer.Take(1).ToList())) deep++;
                if (w != indexed.Lookup(pointer)) bad.Add($"round {round} /{string.Join("/", pointer)}: walk {w} index {indexed.Lookup(pointer)} in {(text.Length > 300 ? text[..300] + "…" : text)}");
            }
        }
        Assert.True(bad.Count == 0, string.Join("\n", bad.Take(5)));
        Assert.True(deep > 1000, $"only {deep} pointers were found past their first step");
    }
}
