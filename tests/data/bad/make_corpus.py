"""Write the bad-input corpus next to this file: ``python tests/data/bad/make_corpus.py``.

Each file's expected outcome is in tests/test_bad_inputs.py. The files are committed; this
script documents how the binary and very large ones were made.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
HEAD = "kpi_id,indicator,directorate,polarity,period,value,target,floor\n"


def main() -> None:
    files: dict[str, bytes | str] = {
        "empty.csv": "",
        "header_only.csv": HEAD,
        "no_recognisable_columns.csv": "foo,bar,baz\n1,2,3\n4,5,6\n",
        "missing_value_column.csv": "kpi_id,indicator,period,target,floor\nA1,Alpha,Sep-24,80,70\n",
        "missing_target_floor.csv": "kpi_id,indicator,period,value\nA1,Alpha,Sep-24,85\n"
                                    "A1,Alpha,Jun-24,84\n",
        "missing_floor.csv": "kpi_id,indicator,polarity,period,value,target\n"
                             "A1,Alpha,H,Jun-24,85,80\nA1,Alpha,H,Sep-24,75,80\n",
        "text_everywhere.csv": HEAD + "A1,Alpha,Dir,H,Sep-24,good,great,fine\n"
                               "B1,Beta,Dir,H,Sep-24,bad,ok,meh\n",
        "mixed_decimal_commas.csv": HEAD + 'A1,Alpha,Dir,H,Jun-24,"85,2",80,70\n'
                                    "A1,Alpha,Dir,H,Sep-24,85.4,80,70\n"
                                    'B1,Beta,Dir,L,Sep-24,"1,234","1,000","1,500"\n',
        "thousands_of_columns.csv": ",".join(["kpi_id", "period", "value", "target"]
                                             + [f"extra_{i}" for i in range(5000)]) + "\n"
                                    + ",".join(["A1", "Sep-24", "85", "80"] + ["x"] * 5000)
                                    + "\n",
        "one_megabyte_line.csv": "kpi_id,indicator,period,value,target,commentary\n"
                                 "A1,Alpha,Sep-24,85,80," + "x" * (1 << 20) + "\n",
        "binary.xlsx": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(256)),
        "not_text.csv": b"kpi_id,period,value\nA1,Sep-24,\x81\x8d\x8f\x90\x9d\n",
        "nul_bytes.csv": b"kpi_id,period,value,target\nA1,Sep-24,8\x005,80\n",
        "unbalanced_quotes.csv": 'kpi_id,indicator,period,value,target\nA1,Alpha,Sep-24,85,80\n'
                                 'B1,"Beta,Sep-24,70,80\nC1,Gamma,Sep-24,60,80\n',
        "ragged_rows.csv": "kpi_id,period,value,target\nA1,Sep-24,85,80\nB1,Sep-24\n"
                           "C1,Sep-24,70,80,oops,extra\n",
        "duplicate_headers.csv": "kpi_id,period,value,value\nA1,Sep-24,85,86\n",
        "unknown_periods.csv": "kpi_id,period,value,target\nA1,Sep-24,85,80\nA1,Q5 2024,84,80\n"
                               "A1,last month,83,80\n",
        "periods_out_of_order.csv": "kpi_id,period,value,target,floor\n"
                                    "A1,2024/25 Q2,90,80,70\nA1,2023/24 Q4,60,80,70\n"
                                    "A1,2024/25 Q1,75,80,70\nA1,2023/24 Q3,50,80,70\n",
        "negative_and_infinite.csv": "kpi_id,unit,period,value,target,floor\n"
                                     "A1,%,Jun-24,-5,80,70\nA1,%,Sep-24,inf,80,70\n"
                                     "B1,number,Sep-24,-12,10,5\nC1,number,Sep-24,1e999,1,0\n",
        "duplicate_rows.csv": "kpi_id,period,value,target\nA1,Sep-24,85,80\nA1,2024/25 Q2,86,80\n",
        "broken_config.toml": 'organisation = "Kent"\n[rag]\nrule = "floor\n',
        "unknown_keys.toml": 'organisation = "Kent County Council"\ncolour = "red"\n[dot]\nwindw = 6\n',
        "semicolon_decimal_commas.csv": "kpi_id;indicator;polarity;period;value;target;floor\n"
                                        "A1;Alpha;H;Sep-24;1,234;1,5;1,2\n",
        "semicolon_thousands.csv": "kpi_id;indicator;polarity;period;value;target;floor\n"
                                   "A1;Alpha;H;Sep-24;1,234;1000;900\n",
        "blank_target_one_quarter.csv": HEAD + "A1,Alpha,Dir,H,Jun-24,85,80,70\n"
                                        "A1,Alpha,Dir,H,Sep-24,85,,\n"
                                        "A1,Alpha,Dir,H,Dec-24,75,80,70\n",
        "wide_provisional_column.csv": "kpi_id,indicator,polarity,target,floor,Jun-24,Sep-24,"
                                       "Dec-24 (provisional)\nA1,Alpha,H,80,70,81,82,75\n",
        "duplicate_headers_case.csv": "kpi_id,period,Value,value\nA1,Sep-24,85,86\n",
        "wrong_type_config.toml": "organisation = \"Kent\"\nrag = 5\n",
        "hostile_unit.csv": "kpi_id,indicator,unit,polarity,period,value,target,floor\n"
        'A1,Alpha,"% \x1b]52;c;SGVsbG8=\x07\x1b]2;pwned\x07",H,2024/25 Q2,60,80,70\n',
        "stray_future_period.csv": HEAD + "A1,Alpha,Dir,H,2024/25 Q1,85,80,70\n"
        "A1,Alpha,Dir,H,2024/25 Q2,86,80,70\nB1,Beta,Dir,H,2024/25 Q2,60,80,70\n"
        "B1,Beta,Dir,H,2100/01 Q1,60,80,70\n",
        "year_alone.csv": HEAD + "A1,Alpha,Dir,H,2023/24,85,80,70\nA1,Alpha,Dir,H,2024/25,75,80,70\n",
        "hostile.csv": HEAD
        + 'H1,"[red]Red[/] [/] [bold]markup","Dir \x1b[31mred\x1b[0m",H,Jun-24,10,20,15\n'
        + 'H1,"[red]Red[/] [/] [bold]markup","Dir \x1b[31mred\x1b[0m",H,Sep-24,10,20,15\n'
        + 'H2,"OSC \x1b]0;pwned\x07 title and bell\x07 and \x08backspace",Dir,H,Sep-24,0,2,1\n'
        + 'H3,"RTL \u202egnirts desrever\u202c and \u200fmark",Dir,H,Sep-24,0,2,1\n'
        + 'H4,"' + "Very long name " * 200 + '",Dir,H,Sep-24,0,2,1\n'
        + 'H5,"=HYPERLINK(""http://x"")",Dir,H,Sep-24,0,2,1\n',
    }
    files.update(_encodings_and_line_endings())
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (HERE / name).write_bytes(data)
    import polars as pl  # only for the Parquet case

    pl.DataFrame(
        {"kpi_id": ["A1"], "period": ["Sep-24"], "value": [[85.0, 86.0]], "target": [80.0]}
    ).write_parquet(HERE / "list_column.parquet")
    (HERE / "damaged_sheet.xlsx").write_bytes(_damaged_sheet())


def _damaged_sheet() -> bytes:
    """The bundled workbook with its first sheet's XML cut short: the workbook opens, the
    sheet does not."""
    import io
    import zipfile

    from qpr_tui.loading import SAMPLE_WORKBOOK

    out = io.BytesIO()
    with (
        zipfile.ZipFile(SAMPLE_WORKBOOK) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as damaged,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            damaged.writestr(info, data)
    return out.getvalue()


def _encodings_and_line_endings() -> dict[str, bytes | str]:
    """Files whose bytes, not their cells, are the trouble."""
    filler = "".join(f"F{i},Filler,Sep-24,50,40\n" for i in range(3000))  # past the 64 KiB head
    short_head = "kpi_id,indicator,period,value,target\n"
    return {
        # A ragged row early, a Windows-1252 byte after the head: the row is named.
        "cp1252_after_head_ragged.csv": (
            short_head + "R1,Ragged,Sep-24,1,2,3\n" + filler + "W1,Caf\xe9,Sep-24,70,80\n"
        ).encode("cp1252"),
        # Excel's "Unicode text": UTF-16 with a BOM, tab-separated.
        "utf16_unicode_text.csv": "kpi_id\tindicator\tpolarity\tperiod\tvalue\ttarget\n"
        "A1\tCafé visits\tH\tJun-24\t85\t80\nA1\tCafé visits\tH\tSep-24\t75\t80\n".encode("utf-16"),
        "cr_only_line_endings.csv": (HEAD + "A1,Alpha,Dir,H,Jun-24,85,80,70\n"
                                     "A1,Alpha,Dir,H,Sep-24,65,80,70\n").replace("\n", "\r"),
        "mixed_line_endings.csv": HEAD + "A1,Alpha,Dir,H,Jun-24,85,80,70\r\n"
                                  "A1,Alpha,Dir,H,Sep-24,65,80,70\rB1,Beta,Dir,H,Sep-24,1,2,1\n",
        "stray_quote.csv": 'kpi_id,indicator,period,value,target\nA1,Alp"ha,Sep-24,85,80\r\n'
                           'B1,Beta,Sep-24,70,80\nC1,Gam"ma,Sep-24,70,80\n',
        # Two files joined end to end: the second one's BOM starts a line.
        "bom_inside.csv": "\ufeff" + HEAD + "A1,Alpha,Dir,H,Jun-24,85,80,70\n"
                          "\ufeffA1,Alpha,Dir,H,Sep-24,65,80,70\n",
    }


if __name__ == "__main__":
    main()
