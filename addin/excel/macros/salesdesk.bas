Attribute VB_Name = "Salesdesk"
' salesdesk: the ribbon callback and the annotation applier for live Excel.
' `salesdesk addin build` puts it into salesdesk.xlam with xlwings' own module
' and the ribbon generated from addin/excel/ribbon.py (addin/excel/macros/ribbon.xml).
' All logic lives in Python; this module only forwards and applies.
' ASCII only: the VBA project's code page is not the rep's (texts live in Python).
Option Explicit

Private Const MARKER As String = "salesdesk:"
Private Ready As Boolean ' True once Python has loaded salesdesk in this Excel session: later clicks skip the check

' Every ribbon button: its tag names the Python command (addin.excel.ribbon.BUTTONS).
' First salesdesk's own check of the interpreter, with its message in the rep's language
' (module SalesdeskText, generated at install from the message catalogue), so xlwings'
' English dialogs ("Could not find Interpreter!") and raw Python errors never show.
Public Sub SalesdeskButton(control As IRibbonControl)
    If Not SalesdeskReady() Then Exit Sub
    #If Mac Then
        RunPython "import addin.excel.ribbon as r; r.run('" & control.Tag & "')"
    #Else
        Dim keepPython As Boolean
        keepPython = GetConfig("USE UDF SERVER", False) ' `addin install --keep-python`: xlwings' COM server
        If keepPython Then
            ' one Python kept between clicks (xlwings' optimized connection): only the first click pays the start
            RunPython "import addin.excel.ribbon as r; r.run('" & control.Tag & "')"
        Else
            ' xlwings' frozen-executable launch: Python starts with salesdesk's own entry point, which keeps
            ' pandas/polars out of buttons that do not need them (addin/excel/click.py); Book.caller() works as with RunPython.
            ExecuteWindows True, SalesdeskInterpreter(), ParentFolder(SalesdeskInterpreter()), , _
                "-B -c ""import addin.excel.click as c; c.main('" & control.Tag & "')"""
        End If
    #End If
End Sub

' The interpreter xlwings' RunPython would start (same settings, same order).
Private Function SalesdeskInterpreter() As String
    #If Mac Then
        SalesdeskInterpreter = GetConfig("INTERPRETER_MAC", "")
    #Else
        SalesdeskInterpreter = GetConfig("INTERPRETER_WIN", "")
    #End If
    If SalesdeskInterpreter = "" Then SalesdeskInterpreter = GetConfig("INTERPRETER", "")
End Function

' Does the interpreter exist, and does it load salesdesk (one quick call, once per Excel session)?
Private Function SalesdeskReady() As Boolean
    Dim interpreter As String, logFile As String, q As String, code As Long
    If Ready Then
        SalesdeskReady = True
        Exit Function
    End If
    interpreter = SalesdeskInterpreter()
    If interpreter = "" Or (interpreter <> "python" And interpreter <> "pythonw" And Not FileExists(interpreter)) Then ' a bare name: found on PATH
        SalesdeskSay Replace(SalesdeskMessage("no_python"), "{path}", interpreter)
        Exit Function
    End If
    #If Mac Then
        ' the sandbox lets Excel start programs only through xlwings' AppleScript: RunPython reports the rest
    #Else
        q = Chr(34)
        logFile = Environ("TEMP") & "\salesdesk-start.log"
        On Error Resume Next
        code = -1
        code = CreateObject("WScript.Shell").Run("cmd.exe /C " & q & q & interpreter & q & " -B -c " & q & _
            "import addin.excel.ribbon" & q & " 2> " & q & logFile & q & q, 0, True)
        On Error GoTo 0
        If code <> 0 Then
            SalesdeskSay Replace(Replace(SalesdeskMessage("no_salesdesk"), "{path}", interpreter), "{log}", logFile)
            Exit Function
        End If
    #End If
    Ready = True
    SalesdeskReady = True
End Function

' A message box that shows Chinese on any Windows (WScript's Popup is Unicode; VBA's MsgBox is not).
Private Sub SalesdeskSay(text As String)
    #If Mac Then
        MsgBox text, vbCritical, SalesdeskMessage("title")
    #Else
        On Error GoTo Fallback
        CreateObject("WScript.Shell").Popup text, 0, SalesdeskMessage("title"), 16
        Exit Sub
Fallback:
        MsgBox text, vbCritical, SalesdeskMessage("title")
    #End If
End Sub

' Called once per run by addin/excel/live_book.py with every note and highlight.
' payload: one operation per line, fields separated by tabs:
'   clear <TAB> sheet
'   note  <TAB> sheet <TAB> A1 <TAB> text ("\n" for a line break)
'   mark  <TAB> sheet <TAB> A1,B7,... <TAB> error|warning
'   link  <TAB> sheet <TAB> A1 <TAB> target sheet <TAB> target cell <TAB> file ("" for this workbook)
Public Function SalesdeskApply(bookName As String, payload As String) As Long
    Dim lines() As String, fields() As String, i As Long, ws As Worksheet, target As Range
    On Error GoTo Done
    Application.ScreenUpdating = False
    lines = Split(payload, vbLf)
    For i = LBound(lines) To UBound(lines)
        If Len(lines(i)) > 0 Then
            fields = Split(lines(i), vbTab)
            Set ws = Workbooks(bookName).Worksheets(fields(1))
            Select Case fields(0)
                Case "clear"
                    ClearAnnotations ws
                Case "note"
                    Set target = ws.Range(fields(2))
                    ' A note the user wrote (or a threaded comment) is never replaced.
                    If target.Comment Is Nothing Then
                        target.AddComment Replace(fields(3), "\n", vbLf)
                        target.Comment.Shape.Width = 220
                        target.Comment.Shape.Height = 80
                    End If
                Case "mark"
                    MarkCells ws, fields(2), fields(3)
                Case "link"
                    ws.Hyperlinks.Add Anchor:=ws.Range(fields(2)), Address:=fields(5), _
                        SubAddress:="'" & Replace(fields(3), "'", "''") & "'!" & fields(4)
            End Select
            SalesdeskApply = SalesdeskApply + 1
        End If
    Next i
Done:
    Application.ScreenUpdating = True
    If Err.Number <> 0 Then Err.Raise Err.Number, "SalesdeskApply", Err.Description
End Function

' Backwards: deleting while walking a collection forwards skips items.
Private Sub ClearAnnotations(ws As Worksheet)
    Dim i As Long, formula As String
    For i = ws.Comments.Count To 1 Step -1
        If Left$(ws.Comments(i).Text, Len(MARKER)) = MARKER Then ws.Comments(i).Delete
    Next i
    For i = ws.Cells.FormatConditions.Count To 1 Step -1
        formula = ""
        On Error Resume Next ' data bars and colour scales have no Formula1
        formula = ws.Cells.FormatConditions(i).Formula1
        On Error GoTo 0
        If InStr(1, formula, "salesdesk-", vbTextCompare) > 0 Then ws.Cells.FormatConditions(i).Delete
    Next i
End Sub

' Same marker formula as the file adapter (addin/io/ooxml/highlights.py).
Private Sub MarkCells(ws As Worksheet, cells As String, severity As String)
    Dim refs() As String, i As Long, area As Range, fc As FormatCondition
    refs = Split(cells, ",")
    For i = LBound(refs) To UBound(refs)
        If area Is Nothing Then
            Set area = ws.Range(refs(i))
        Else
            Set area = Union(area, ws.Range(refs(i)))
        End If
    Next i
    If area Is Nothing Then Exit Sub
    Set fc = area.FormatConditions.Add(Type:=xlExpression, Formula1:="=ISTEXT(""salesdesk-" & severity & """)")
    If severity = "error" Then fc.Interior.Color = RGB(255, 199, 206) Else fc.Interior.Color = RGB(255, 235, 156)
End Sub

' A sheet salesdesk owns (the to-do tab, the rep's summary tab), found by its hidden
' defined name _salesdesk_<marker> (the same one the file writer uses) or added at
' the end; emptied, formatted as text (cell text is never a formula), widths and
' frozen header rows set. Returns its name; addin/excel/live_book.py then writes
' its cells in one block.
Public Function SalesdeskSheet(bookName As String, marker As String, wanted As String, headerRows As Long, widths As String) As String
    Dim wb As Workbook, ws As Worksheet, nm As Name, was As Object, w() As String, i As Long
    Set wb = Workbooks(bookName)
    On Error Resume Next
    Set nm = wb.Names("_salesdesk_" & marker)
    If Not nm Is Nothing Then Set ws = nm.RefersToRange.Worksheet
    On Error GoTo 0
    Application.ScreenUpdating = False
    Set was = wb.ActiveSheet
    If ws Is Nothing Then
        If Not nm Is Nothing Then nm.Delete
        Set ws = wb.Worksheets.Add(After:=wb.Sheets(wb.Sheets.Count))
        ws.Name = FreeSheetName(wb, wanted)
        wb.Names.Add Name:="_salesdesk_" & marker, RefersTo:="='" & Replace(ws.Name, "'", "''") & "'!$A$1", Visible:=False
    End If
    ws.Cells.Clear
    ws.Cells.NumberFormat = "@"
    ws.Tab.Color = RGB(192, 80, 77)
    If Len(widths) > 0 Then
        w = Split(widths, ",")
        For i = LBound(w) To UBound(w)
            ws.Columns(i + 1).ColumnWidth = CDbl(w(i))
        Next i
    End If
    If wb Is ActiveWorkbook Then ' panes belong to a window: the rep's workbook is the active one
        ws.Activate
        ActiveWindow.FreezePanes = False
        If headerRows > 0 Then
            ActiveWindow.SplitColumn = 0
            ActiveWindow.SplitRow = headerRows
            ActiveWindow.FreezePanes = True
        End If
        If Not was Is Nothing Then was.Activate
    End If
    Application.ScreenUpdating = True
    SalesdeskSheet = ws.Name
End Function

' The names of the sheets salesdesk generated in a workbook, tab-separated: not the rep's data.
Public Function SalesdeskOwned(bookName As String) As String
    Dim nm As Name, found As String, sheetName As String
    For Each nm In Workbooks(bookName).Names
        If Left$(nm.Name, 11) = "_salesdesk_" Then
            sheetName = ""
            On Error Resume Next
            sheetName = nm.RefersToRange.Worksheet.Name
            On Error GoTo 0
            If Len(sheetName) > 0 Then found = found & sheetName & vbTab
        End If
    Next nm
    SalesdeskOwned = found
End Function

Private Function FreeSheetName(wb As Workbook, wanted As String) As String
    Dim candidate As String, n As Long, ws As Object
    candidate = wanted
    n = 1
    Do
        Set ws = Nothing
        On Error Resume Next
        Set ws = wb.Sheets(candidate)
        On Error GoTo 0
        If ws Is Nothing Then Exit Do
        n = n + 1
        candidate = wanted & " (" & n & ")" ' as the file writer names it (io/ooxml/generated_sheet.py)
    Loop
    FreeSheetName = candidate
End Function
