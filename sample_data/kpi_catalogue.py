"""Catalogue of the 40 illustrative KCC KPIs behind qpr_tui/sample/kcc_qpr_sample.csv.

The set mirrors the shape of Kent County Council's Quarterly Performance Report (QPR) for
Quarter 2 2024/25 (Cabinet, 9 January 2025): 40 KPIs; at Q2 16 Green, 15 Amber, 8 Red and
one new KPI with no data; Direction of Travel 11 positive, 22 stable or no clear trend and
6 negative (Q1: 17 G, 14 A, 8 R, 1 no data; DoT 11 / 21 / 7).

Only the section names, the eight Red indicators at Q2 and a handful of other indicators are
taken from public sources. Every other indicator, every KPI code, owner, level and all
commentary and management actions are invented for illustration and are not KCC data. The
values, targets and floors are computed by the generator script from ``level`` and the RAG
and Direction of Travel classes given here.

Field notes:
    unit: "%", "number", "days" or "£".
    polarity: "H" higher is better, "L" lower is better.
    basis: "quarter", "rolling 12 months", "snapshot" or "year to date".
    rag_q1 / rag_q2: "G", "A", "R" or "N" (no data).
    dot_q1 / dot_q2: "+" positive trend, "=" stable or no clear trend, "-" negative trend,
        "" only for the KPI with no data.
    new_in: "2024/25" for KPIs introduced this year, otherwise "".
    actions: management actions, required when rag_q2 is "R", otherwise "".
"""

from __future__ import annotations

from collections import Counter
from typing import Final, Literal, TypedDict


class KpiSpec(TypedDict):
    """Definition of one illustrative KPI and the classes it must end up with."""

    kpi_id: str
    indicator: str
    directorate: str
    service_area: str
    unit: str
    polarity: str
    basis: str
    owner: str
    level: float
    rag_q1: str
    rag_q2: str
    dot_q1: str
    dot_q2: str
    new_in: str
    commentary: str
    actions: str


CS: Final = "Customer Services"
GL: Final = "Governance and Law"
GET: Final = "Growth, Environment and Transport"
CYPE: Final = "Children, Young People and Education"
ASCH: Final = "Adult Social Care and Health"

#: QPR sections, in report order, as (directorate, service_area).
SECTIONS: Final[tuple[tuple[str, str], ...]] = (
    (CS, ""),
    (GL, ""),
    (GET, "Economic Development"),
    (GET, "Highways & Transportation"),
    (GET, "Environment & Waste"),
    (CYPE, "Education & Skills"),
    (CYPE, "Integrated Children's Services"),
    (ASCH, "Adult Social Care"),
    (ASCH, "Public Health"),
)

#: The eight Red KPIs at Q2 2024/25, in report order, as (directorate, service_area, indicator).
RED_Q2: Final[tuple[tuple[str, str, str], ...]] = (
    (CS, "", "Percentage of complaints responded to within timescale"),
    (
        GL,
        "",
        "Percentage of Freedom of Information Act (FoI) requests completed within 20 working days",
    ),
    (
        GL,
        "",
        "Percentage of Data Protection Act (DPA) Subject Access requests completed within "
        "statutory timescales",
    ),
    (
        CYPE,
        "Education & Skills",
        "Percentage of Education, Health Care Plans (EHCPs) issued within 20 weeks",
    ),
    (
        CYPE,
        "Integrated Children's Services",
        "Percentage of case holding posts filled by permanent qualified social workers",
    ),
    (
        CYPE,
        "Integrated Children's Services",
        "Percentage of foster care placements which are in-house or with relatives and friends "
        "(excluding UASC)",
    ),
    (CYPE, "Integrated Children's Services", "Number of foster households"),
    (
        CYPE,
        "Integrated Children's Services",
        "Percentage of care leavers in education, employment or training (of those KCC is in "
        "touch with)",
    ),
)

EHCP_20_WEEKS: Final = RED_Q2[3][2]
FOSTER_HOUSEHOLDS: Final = "Number of foster households"
OUT_OF_COUNTY: Final = (
    "Percentage of pupils (with EHCPs) placed in independent or out-of-county special schools"
)
CONTACT_POINT_CALLS: Final = "Percentage of phone calls to Contact Point which were answered"
NO_USE_EMPTY: Final = "Long-term empty properties brought back into use through No Use Empty"

KPIS: Final[list[KpiSpec]] = [
    {
        "kpi_id": "CS01",
        "indicator": (
            "Percentage of callers to Contact Point who rated the advisor who dealt with their call"
            " as good"
        ),
        "directorate": "Customer Services",
        "service_area": "",
        "unit": "%",
        "polarity": "H",
        "basis": "quarter",
        "owner": "Head of Customer Services",
        "level": 97.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "Callers continue to rate Contact Point advisors highly, and results have been stable "
            "and above target over the last two years."
        ),
        "actions": "",
    },
    {
        "kpi_id": "CS04",
        "indicator": "Percentage of phone calls to Contact Point which were answered",
        "directorate": "Customer Services",
        "service_area": "",
        "unit": "%",
        "polarity": "H",
        "basis": "quarter",
        "owner": "Head of Customer Services",
        "level": 84.0,
        "rag_q1": "A",
        "rag_q2": "A",
        "dot_q1": "+",
        "dot_q2": "+",
        "new_in": "",
        "commentary": (
            "Call answer rates improved during the quarter as new advisors completed their "
            "training, but remained just below target. Summer call volumes were higher than in the "
            "same period last year."
        ),
        "actions": "",
    },
    {
        "kpi_id": "CS07",
        "indicator": "Percentage of complaints responded to within timescale",
        "directorate": "Customer Services",
        "service_area": "",
        "unit": "%",
        "polarity": "H",
        "basis": "quarter",
        "owner": "Head of Customer Services",
        "level": 63.0,
        "rag_q1": "R",
        "rag_q2": "R",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "Performance remained below the floor standard as complaint volumes stayed high, "
            "particularly for highways and SEND services. The longest delays were on cases that "
            "needed input from several teams."
        ),
        "actions": (
            "The corporate complaints team is giving extra support to the services with the longest"
            " delays, and directorate management teams now review open cases weekly."
        ),
    },
    {
        "kpi_id": "CS08",
        "indicator": "Percentage of customers satisfied with KCC online services",
        "directorate": "Customer Services",
        "service_area": "",
        "unit": "%",
        "polarity": "H",
        "basis": "quarter",
        "owner": "Head of Digital Services",
        "level": 72.0,
        "rag_q1": "A",
        "rag_q2": "A",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "Satisfaction with online services was broadly stable and slightly below target. "
            "Feedback points to difficulties with some older online forms, which are being "
            "replaced."
        ),
        "actions": "",
    },
    {
        "kpi_id": "GL01",
        "indicator": (
            "Percentage of Council and Committee papers published at least five clear days before "
            "meetings"
        ),
        "directorate": "Governance and Law",
        "service_area": "",
        "unit": "%",
        "polarity": "H",
        "basis": "quarter",
        "owner": "Head of Democratic Services",
        "level": 99.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "Almost all Council and Committee papers were published at least five clear days before"
            " meetings, in line with target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "GL02",
        "indicator": (
            "Percentage of Freedom of Information Act (FoI) requests completed within 20 working "
            "days"
        ),
        "directorate": "Governance and Law",
        "service_area": "",
        "unit": "%",
        "polarity": "H",
        "basis": "quarter",
        "owner": "Head of Information Governance",
        "level": 82.0,
        "rag_q1": "R",
        "rag_q2": "R",
        "dot_q1": "+",
        "dot_q2": "+",
        "new_in": "",
        "commentary": (
            "Timeliness has improved steadily as the backlog of older requests has been cleared, "
            "but performance remains below the floor standard. Request volumes stayed high during "
            "the quarter."
        ),
        "actions": (
            "Additional staff have joined the information governance team, and refresher training "
            "on statutory timescales is being delivered to service contacts."
        ),
    },
    {
        "kpi_id": "GL03",
        "indicator": (
            "Percentage of Data Protection Act (DPA) Subject Access requests completed within "
            "statutory timescales"
        ),
        "directorate": "Governance and Law",
        "service_area": "",
        "unit": "%",
        "polarity": "H",
        "basis": "quarter",
        "owner": "Data Protection Officer",
        "level": 58.0,
        "rag_q1": "R",
        "rag_q2": "R",
        "dot_q1": "-",
        "dot_q2": "-",
        "new_in": "",
        "commentary": (
            "Performance fell again this quarter. Many requests involve large volumes of records, "
            "including paper archives, which take longer to locate and review."
        ),
        "actions": (
            "Frequently requested paper files are being digitised and the oldest open requests are "
            "being prioritised, with progress reported monthly to the Corporate Management Team."
        ),
    },
    {
        "kpi_id": "EC01",
        "indicator": "Long-term empty properties brought back into use through No Use Empty",
        "directorate": "Growth, Environment and Transport",
        "service_area": "Economic Development",
        "unit": "number",
        "polarity": "H",
        "basis": "quarter",
        "owner": "No Use Empty Programme Manager",
        "level": 120.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "+",
        "dot_q2": "+",
        "new_in": "",
        "commentary": (
            "Around 120 long-term empty properties were brought back into use in the quarter, "
            "keeping performance above target. Loans to owners remain the main route for returning "
            "properties to use."
        ),
        "actions": "",
    },
    {
        "kpi_id": "EC02",
        "indicator": "Developer contributions secured as a percentage of the amount sought",
        "directorate": "Growth, Environment and Transport",
        "service_area": "Economic Development",
        "unit": "%",
        "polarity": "H",
        "basis": "year to date",
        "owner": "Head of Infrastructure and Developer Contributions",
        "level": 97.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "Developer contributions secured through planning negotiations continued to match "
            "almost all of the amount sought, in line with target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "EC03",
        "indicator": "Value of Kent & Medway Business Fund loans approved",
        "directorate": "Growth, Environment and Transport",
        "service_area": "Economic Development",
        "unit": "£",
        "polarity": "H",
        "basis": "rolling 12 months",
        "owner": "Head of Business Investment",
        "level": 1_500_000.0,
        "rag_q1": "A",
        "rag_q2": "A",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "2024/25",
        "commentary": (
            "New measure for 2024/25. Loan approvals through the Kent and Medway Business Fund were"
            " steady but slightly below the level needed to meet target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "HT01",
        "indicator": "Percentage of routine pothole repairs completed within 28 calendar days",
        "directorate": "Growth, Environment and Transport",
        "service_area": "Highways & Transportation",
        "unit": "%",
        "polarity": "H",
        "basis": "quarter",
        "owner": "Director of Highways and Transportation",
        "level": 93.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "+",
        "dot_q2": "+",
        "new_in": "",
        "commentary": (
            "Pothole repairs within 28 days continued to improve despite a large rise in repair "
            "requests compared with the same period last year. Additional repair gangs stayed in "
            "place through the summer."
        ),
        "actions": "",
    },
    {
        "kpi_id": "HT02",
        "indicator": (
            "Percentage of routine highway faults reported by residents completed within 28 "
            "calendar days"
        ),
        "directorate": "Growth, Environment and Transport",
        "service_area": "Highways & Transportation",
        "unit": "%",
        "polarity": "H",
        "basis": "quarter",
        "owner": "Director of Highways and Transportation",
        "level": 91.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "Routine faults reported by residents were completed within 28 days at a stable rate "
            "above target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "HT08",
        "indicator": (
            "Percentage of emergency highway incidents attended within 2 hours of notification"
        ),
        "directorate": "Growth, Environment and Transport",
        "service_area": "Highways & Transportation",
        "unit": "%",
        "polarity": "H",
        "basis": "quarter",
        "owner": "Head of Highway Operations",
        "level": 98.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "Emergency highway incidents continued to be attended within two hours in almost all "
            "cases."
        ),
        "actions": "",
    },
    {
        "kpi_id": "HT12",
        "indicator": "Percentage of streetlights repaired within 28 calendar days",
        "directorate": "Growth, Environment and Transport",
        "service_area": "Highways & Transportation",
        "unit": "%",
        "polarity": "H",
        "basis": "quarter",
        "owner": "Head of Highway Asset Management",
        "level": 85.0,
        "rag_q1": "A",
        "rag_q2": "A",
        "dot_q1": "-",
        "dot_q2": "-",
        "new_in": "",
        "commentary": (
            "Streetlight repair times lengthened because of delays in getting power supply "
            "connections from the electricity network operator. Performance remains above the floor"
            " standard."
        ),
        "actions": "",
    },
    {
        "kpi_id": "WM01",
        "indicator": "Percentage of municipal waste diverted from landfill",
        "directorate": "Growth, Environment and Transport",
        "service_area": "Environment & Waste",
        "unit": "%",
        "polarity": "H",
        "basis": "rolling 12 months",
        "owner": "Head of Waste Services",
        "level": 97.0,
        "rag_q1": "G",
        "rag_q2": "A",
        "dot_q1": "-",
        "dot_q2": "-",
        "new_in": "",
        "commentary": (
            "Diversion from landfill dipped below target after a planned maintenance shutdown at an"
            " energy from waste facility meant that some residual waste went to landfill. "
            "Performance is expected to recover once the facility is fully back in operation."
        ),
        "actions": "",
    },
    {
        "kpi_id": "WM03",
        "indicator": (
            "Percentage of waste recycled and composted at Household Waste Recycling Centres "
            "(HWRCs)"
        ),
        "directorate": "Growth, Environment and Transport",
        "service_area": "Environment & Waste",
        "unit": "%",
        "polarity": "H",
        "basis": "rolling 12 months",
        "owner": "Head of Waste Services",
        "level": 68.0,
        "rag_q1": "A",
        "rag_q2": "A",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "Recycling and composting at Household Waste Recycling Centres was stable and slightly "
            "below target. Garden waste tonnages continue to vary with the weather."
        ),
        "actions": "",
    },
    {
        "kpi_id": "EW02",
        "indicator": (
            "Greenhouse gas emissions from the KCC estate (tonnes of carbon dioxide equivalent)"
        ),
        "directorate": "Growth, Environment and Transport",
        "service_area": "Environment & Waste",
        "unit": "number",
        "polarity": "L",
        "basis": "rolling 12 months",
        "owner": "Head of Sustainable Business and Communities",
        "level": 12_500.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "+",
        "dot_q2": "+",
        "new_in": "",
        "commentary": (
            "Emissions from the KCC estate continued to fall as building energy efficiency works "
            "and the move to electric fleet vehicles progressed."
        ),
        "actions": "",
    },
    {
        "kpi_id": "SE01",
        "indicator": (
            "Percentage of schools with Good or Outstanding Ofsted judgement (overall "
            "effectiveness)"
        ),
        "directorate": "Children, Young People and Education",
        "service_area": "Education & Skills",
        "unit": "%",
        "polarity": "H",
        "basis": "snapshot",
        "owner": "Director of Education",
        "level": 91.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "The proportion of schools judged Good or Outstanding remained above target. From "
            "September 2024 Ofsted no longer gives state schools an overall effectiveness grade, so"
            " this figure reflects inspections up to the end of the summer term."
        ),
        "actions": "",
    },
    {
        "kpi_id": "EY01",
        "indicator": (
            "Percentage of Early Years settings (childcare on non-domestic premises) with Good or "
            "Outstanding Ofsted judgement"
        ),
        "directorate": "Children, Young People and Education",
        "service_area": "Education & Skills",
        "unit": "%",
        "polarity": "H",
        "basis": "snapshot",
        "owner": "Head of Early Years and Childcare",
        "level": 97.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "Almost all early years settings on non-domestic premises hold a Good or Outstanding "
            "Ofsted judgement, in line with target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "EY02",
        "indicator": (
            "Percentage of eligible working families taking up the expanded funded childcare "
            "entitlement for two-year-olds"
        ),
        "directorate": "Children, Young People and Education",
        "service_area": "Education & Skills",
        "unit": "%",
        "polarity": "H",
        "basis": "snapshot",
        "owner": "Head of Early Years and Childcare",
        "level": 85.0,
        "rag_q1": "N",
        "rag_q2": "N",
        "dot_q1": "",
        "dot_q2": "",
        "new_in": "2024/25",
        "commentary": (
            "New KPI for 2024/25 following the expansion of funded childcare for working parents. "
            "Data is not yet available, as the first take-up figures will come from the autumn term"
            " census."
        ),
        "actions": "",
    },
    {
        "kpi_id": "SEN01",
        "indicator": "Percentage of Education, Health Care Plans (EHCPs) issued within 20 weeks",
        "directorate": "Children, Young People and Education",
        "service_area": "Education & Skills",
        "unit": "%",
        "polarity": "H",
        "basis": "rolling 12 months",
        "owner": "Director of SEND",
        "level": 38.0,
        "rag_q1": "R",
        "rag_q2": "R",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "The rolling 12 month figure remains well below the floor standard, although more plans"
            " were issued than in the same period last year. Demand for assessments continues to "
            "grow."
        ),
        "actions": (
            "Additional educational psychology capacity has been commissioned, and the assessment "
            "process is being redesigned to reduce delays in gathering advice from partners."
        ),
    },
    {
        "kpi_id": "SEN02",
        "indicator": (
            "Percentage of pupils (with EHCPs) placed in independent or out-of-county special "
            "schools"
        ),
        "directorate": "Children, Young People and Education",
        "service_area": "Education & Skills",
        "unit": "%",
        "polarity": "L",
        "basis": "snapshot",
        "owner": "Director of SEND",
        "level": 14.5,
        "rag_q1": "R",
        "rag_q2": "A",
        "dot_q1": "-",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "The proportion has reduced, moving the rating from Red to Amber. The Special Schools "
            "Review is increasing places in Kent maintained special schools and specialist resource"
            " provision."
        ),
        "actions": "",
    },
    {
        "kpi_id": "SK01",
        "indicator": (
            "Percentage of 16 to 17 year olds not in education, employment or training (NEET)"
        ),
        "directorate": "Children, Young People and Education",
        "service_area": "Education & Skills",
        "unit": "%",
        "polarity": "L",
        "basis": "snapshot",
        "owner": "Head of Skills and Employability",
        "level": 5.5,
        "rag_q1": "A",
        "rag_q2": "A",
        "dot_q1": "+",
        "dot_q2": "+",
        "new_in": "",
        "commentary": (
            "The proportion of young people not in education, employment or training has fallen "
            "compared with last year but remains above target. Tracking of young people whose "
            "activity is not known has improved."
        ),
        "actions": "",
    },
    {
        "kpi_id": "SK02",
        "indicator": "Number of apprenticeship starts by 16 to 18 year olds",
        "directorate": "Children, Young People and Education",
        "service_area": "Education & Skills",
        "unit": "number",
        "polarity": "H",
        "basis": "rolling 12 months",
        "owner": "Head of Skills and Employability",
        "level": 1850.0,
        "rag_q1": "A",
        "rag_q2": "A",
        "dot_q1": "-",
        "dot_q2": "-",
        "new_in": "",
        "commentary": (
            "Apprenticeship starts among 16 to 18 year olds have declined over the past year, in "
            "line with the national trend, and are below target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "EH01",
        "indicator": "Percentage of Early Help cases closed with outcomes achieved",
        "directorate": "Children, Young People and Education",
        "service_area": "Integrated Children's Services",
        "unit": "%",
        "polarity": "H",
        "basis": "rolling 12 months",
        "owner": "Director of Children's Countywide Services",
        "level": 85.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "Most Early Help cases continue to close with outcomes achieved, and performance is "
            "stable above target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "SCS01",
        "indicator": (
            "Percentage of case holding posts filled by permanent qualified social workers"
        ),
        "directorate": "Children, Young People and Education",
        "service_area": "Integrated Children's Services",
        "unit": "%",
        "polarity": "H",
        "basis": "snapshot",
        "owner": "Director of Integrated Children's Services",
        "level": 78.0,
        "rag_q1": "R",
        "rag_q2": "R",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "The proportion of posts filled by permanent qualified social workers remains below the"
            " floor standard, with vacancies covered by agency staff. Recruitment and retention "
            "remain difficult in a competitive regional market."
        ),
        "actions": (
            "An international recruitment campaign and a larger social work apprenticeship "
            "programme are under way, alongside a review of the retention offer for experienced "
            "staff."
        ),
    },
    {
        "kpi_id": "SCS02",
        "indicator": (
            "Percentage of referrals to children's social care that are re-referrals within 12 "
            "months"
        ),
        "directorate": "Children, Young People and Education",
        "service_area": "Integrated Children's Services",
        "unit": "%",
        "polarity": "L",
        "basis": "rolling 12 months",
        "owner": "Director of Integrated Children's Services",
        "level": 22.0,
        "rag_q1": "A",
        "rag_q2": "A",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "Re-referrals to children's social care within 12 months were stable and slightly above"
            " target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "SCS03",
        "indicator": (
            "Percentage of children in care with 3 or more placements in the last 12 months"
        ),
        "directorate": "Children, Young People and Education",
        "service_area": "Integrated Children's Services",
        "unit": "%",
        "polarity": "L",
        "basis": "snapshot",
        "owner": "Director of Integrated Children's Services",
        "level": 9.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "+",
        "dot_q2": "+",
        "new_in": "",
        "commentary": (
            "Placement stability for children in care continued to improve, with fewer children "
            "having three or more placements in a year."
        ),
        "actions": "",
    },
    {
        "kpi_id": "SCS04",
        "indicator": (
            "Percentage of foster care placements which are in-house or with relatives and friends "
            "(excluding UASC)"
        ),
        "directorate": "Children, Young People and Education",
        "service_area": "Integrated Children's Services",
        "unit": "%",
        "polarity": "H",
        "basis": "snapshot",
        "owner": "Head of Fostering",
        "level": 70.0,
        "rag_q1": "R",
        "rag_q2": "R",
        "dot_q1": "-",
        "dot_q2": "-",
        "new_in": "",
        "commentary": (
            "The proportion of placements in-house or with relatives and friends has continued to "
            "decline as the number of foster households falls and more children are placed with "
            "independent fostering agencies."
        ),
        "actions": (
            "Fostering recruitment activity has been stepped up, and support for kinship carers is "
            "being strengthened so that more children can live with relatives and friends."
        ),
    },
    {
        "kpi_id": "SCS05",
        "indicator": "Number of foster households",
        "directorate": "Children, Young People and Education",
        "service_area": "Integrated Children's Services",
        "unit": "number",
        "polarity": "H",
        "basis": "snapshot",
        "owner": "Head of Fostering",
        "level": 590.0,
        "rag_q1": "A",
        "rag_q2": "R",
        "dot_q1": "-",
        "dot_q2": "-",
        "new_in": "",
        "commentary": (
            "The number of foster households fell below the floor standard this quarter, as "
            "approvals of new households did not keep pace with carers retiring or leaving "
            "fostering."
        ),
        "actions": (
            "A refreshed fostering recruitment campaign has been launched, and the support offer "
            "for existing foster carers is being reviewed to improve retention."
        ),
    },
    {
        "kpi_id": "SCS06",
        "indicator": (
            "Percentage of care leavers in education, employment or training (of those KCC is in "
            "touch with)"
        ),
        "directorate": "Children, Young People and Education",
        "service_area": "Integrated Children's Services",
        "unit": "%",
        "polarity": "H",
        "basis": "snapshot",
        "owner": "Head of Care Leavers Service",
        "level": 56.0,
        "rag_q1": "R",
        "rag_q2": "R",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "Participation of care leavers in education, employment or training remains below the "
            "floor standard, with little change over the past year."
        ),
        "actions": (
            "Personal advisers are working with the skills and employability service to increase "
            "supported employment and apprenticeship opportunities for care leavers."
        ),
    },
    {
        "kpi_id": "ASC01",
        "indicator": "Percentage of Care Needs Assessments completed within 28 days",
        "directorate": "Adult Social Care and Health",
        "service_area": "Adult Social Care",
        "unit": "%",
        "polarity": "H",
        "basis": "quarter",
        "owner": "Director of Adult Social Care Operations",
        "level": 72.0,
        "rag_q1": "A",
        "rag_q2": "A",
        "dot_q1": "+",
        "dot_q2": "+",
        "new_in": "",
        "commentary": (
            "Timeliness of Care Needs Assessments improved for a further quarter as waiting lists "
            "reduced, but remains below target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "ASC02",
        "indicator": (
            "Percentage of concluded safeguarding enquiries where the person's desired outcomes "
            "were fully or partially achieved"
        ),
        "directorate": "Adult Social Care and Health",
        "service_area": "Adult Social Care",
        "unit": "%",
        "polarity": "H",
        "basis": "rolling 12 months",
        "owner": "Head of Adult Safeguarding",
        "level": 94.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "Most people with concluded safeguarding enquiries had their desired outcomes fully or "
            "partially achieved, in line with target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "ASC03",
        "indicator": (
            "Percentage of people in receipt of long-term support who are supported to live in "
            "their own home"
        ),
        "directorate": "Adult Social Care and Health",
        "service_area": "Adult Social Care",
        "unit": "%",
        "polarity": "H",
        "basis": "snapshot",
        "owner": "Director of Adult Social Care Operations",
        "level": 58.0,
        "rag_q1": "A",
        "rag_q2": "A",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "The proportion of people receiving long-term support who live in their own home was "
            "stable and slightly below target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "ASC04",
        "indicator": (
            "Percentage of older people still at home 91 days after discharge from hospital into "
            "reablement services"
        ),
        "directorate": "Adult Social Care and Health",
        "service_area": "Adult Social Care",
        "unit": "%",
        "polarity": "H",
        "basis": "quarter",
        "owner": "Head of Enablement Services",
        "level": 86.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "+",
        "dot_q2": "+",
        "new_in": "",
        "commentary": (
            "More older people remained at home 91 days after leaving hospital into reablement, "
            "with performance above target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "ASC05",
        "indicator": (
            "Percentage of KCC-supported people in residential or nursing care homes rated Good or "
            "Outstanding by the Care Quality Commission"
        ),
        "directorate": "Adult Social Care and Health",
        "service_area": "Adult Social Care",
        "unit": "%",
        "polarity": "H",
        "basis": "snapshot",
        "owner": "Director of Adult Social Care Commissioning",
        "level": 78.0,
        "rag_q1": "A",
        "rag_q2": "A",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "The proportion of people in care homes rated Good or Outstanding by the Care Quality "
            "Commission was stable and slightly below target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "PH01",
        "indicator": "Number of eligible people receiving an NHS Health Check",
        "directorate": "Adult Social Care and Health",
        "service_area": "Public Health",
        "unit": "number",
        "polarity": "H",
        "basis": "rolling 12 months",
        "owner": "Director of Public Health",
        "level": 30_500.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "+",
        "dot_q2": "+",
        "new_in": "",
        "commentary": (
            "The number of NHS Health Checks delivered over the last 12 months continued to rise "
            "and remains above target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "PH04",
        "indicator": (
            "Percentage of first-time patients at KCC commissioned sexual health clinics offered a "
            "full sexual health screen"
        ),
        "directorate": "Adult Social Care and Health",
        "service_area": "Public Health",
        "unit": "%",
        "polarity": "H",
        "basis": "quarter",
        "owner": "Consultant in Public Health",
        "level": 96.0,
        "rag_q1": "G",
        "rag_q2": "G",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "Almost all first-time patients at KCC commissioned sexual health clinics were offered "
            "a full sexual health screen, in line with target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "PH13",
        "indicator": (
            "Percentage of young people exiting specialist substance misuse services with a planned"
            " exit"
        ),
        "directorate": "Adult Social Care and Health",
        "service_area": "Public Health",
        "unit": "%",
        "polarity": "H",
        "basis": "rolling 12 months",
        "owner": "Consultant in Public Health",
        "level": 82.0,
        "rag_q1": "A",
        "rag_q2": "A",
        "dot_q1": "=",
        "dot_q2": "=",
        "new_in": "",
        "commentary": (
            "The proportion of young people leaving specialist substance misuse services with a "
            "planned exit was stable and just below target."
        ),
        "actions": "",
    },
    {
        "kpi_id": "PH14",
        "indicator": (
            "Percentage of mothers receiving an antenatal contact with the health visiting service"
        ),
        "directorate": "Adult Social Care and Health",
        "service_area": "Public Health",
        "unit": "%",
        "polarity": "H",
        "basis": "rolling 12 months",
        "owner": "Consultant in Public Health",
        "level": 45.0,
        "rag_q1": "A",
        "rag_q2": "A",
        "dot_q1": "+",
        "dot_q2": "+",
        "new_in": "",
        "commentary": (
            "Antenatal contacts by the health visiting service improved against the rolling 12 "
            "month target but remain below it."
        ),
        "actions": "",
    },
]


_CountedField = Literal["rag_q1", "rag_q2", "dot_q1", "dot_q2", "new_in"]


def _count(field: _CountedField, *, with_data_only: bool = False) -> Counter[str]:
    """Count the values of one string field, optionally over KPIs with data only."""
    counts: Counter[str] = Counter()
    for kpi in KPIS:
        if with_data_only and kpi["rag_q2"] == "N":
            continue
        counts[kpi[field]] += 1
    return counts


def check_counts() -> None:
    """Assert the structural constraints the sample generator relies on."""
    # 1. Forty KPIs, unique ids, known field values, QPR section order.
    assert len(KPIS) == 40, len(KPIS)
    ids = [kpi["kpi_id"] for kpi in KPIS]
    assert len(set(ids)) == len(ids), "duplicate kpi_id"
    markup = set("*_#`[]<>|{}\\")
    for kpi in KPIS:
        kid = kpi["kpi_id"]
        assert kpi["unit"] in {"%", "number", "days", "£"}, kid
        assert kpi["polarity"] in {"H", "L"}, kid
        assert kpi["basis"] in {"quarter", "rolling 12 months", "snapshot", "year to date"}, kid
        assert kpi["rag_q1"] in {"G", "A", "R", "N"}, kid
        assert kpi["rag_q2"] in {"G", "A", "R", "N"}, kid
        assert kpi["new_in"] in {"", "2024/25"}, kid
        assert kpi["indicator"] and kpi["owner"] and kpi["commentary"], kid
        assert kpi["level"] > 0, kid
        assert not markup & set(kpi["commentary"] + kpi["actions"]), kid
        assert bool(kpi["actions"]) == (kpi["rag_q2"] == "R"), kid
        if kpi["rag_q2"] == "N":
            assert kpi["dot_q1"] == kpi["dot_q2"] == "", kid
        else:
            assert kpi["dot_q1"] in {"+", "=", "-"}, kid
            assert kpi["dot_q2"] in {"+", "=", "-"}, kid
    positions = [SECTIONS.index((kpi["directorate"], kpi["service_area"])) for kpi in KPIS]
    assert positions == sorted(positions), "KPIs are not in QPR section order"
    by_directorate = Counter(kpi["directorate"] for kpi in KPIS)
    assert by_directorate == {CS: 4, GL: 3, GET: 10, CYPE: 14, ASCH: 9}, by_directorate

    # 2. The eight Reds at Q2, with exact wording, in report order.
    reds = tuple(
        (kpi["directorate"], kpi["service_area"], kpi["indicator"])
        for kpi in KPIS
        if kpi["rag_q2"] == "R"
    )
    assert reds == RED_Q2, reds
    by_indicator = {kpi["indicator"]: kpi for kpi in KPIS}
    assert len(by_indicator) == 40, "duplicate indicator wording"
    assert by_indicator[EHCP_20_WEEKS]["basis"] == "rolling 12 months"

    # 3. RAG counts and the three RAG changes.
    assert _count("rag_q1") == {"G": 17, "A": 14, "R": 8, "N": 1}, _count("rag_q1")
    assert _count("rag_q2") == {"G": 16, "A": 15, "R": 8, "N": 1}, _count("rag_q2")
    changes = {kpi["indicator"]: (kpi["rag_q1"], kpi["rag_q2"]) for kpi in KPIS}
    changes = {name: pair for name, pair in changes.items() if pair[0] != pair[1]}
    assert len(changes) == 3, changes
    assert changes.pop(FOSTER_HOUSEHOLDS) == ("A", "R")
    assert changes.pop(OUT_OF_COUNTY) == ("R", "A")
    assert by_indicator[OUT_OF_COUNTY]["service_area"] == "Education & Skills"
    assert by_indicator[OUT_OF_COUNTY]["polarity"] == "L"
    ((green_to_amber, pair),) = changes.items()
    assert pair == ("G", "A") and green_to_amber != CONTACT_POINT_CALLS, changes
    for name in (green_to_amber, FOSTER_HOUSEHOLDS):
        assert by_indicator[name]["dot_q2"] in {"-", "="}, name

    # 4. One new 2024/25 KPI in Education & Skills with no data; at most one other new KPI.
    no_data = [kpi for kpi in KPIS if "N" in (kpi["rag_q1"], kpi["rag_q2"])]
    assert len(no_data) == 1, [kpi["kpi_id"] for kpi in no_data]
    (nd,) = no_data
    assert nd["rag_q1"] == nd["rag_q2"] == "N" and nd["new_in"] == "2024/25", nd["kpi_id"]
    assert nd["service_area"] == "Education & Skills", nd["kpi_id"]
    assert "not yet available" in nd["commentary"], nd["kpi_id"]
    assert _count("new_in")["2024/25"] <= 2, _count("new_in")

    # 5. Direction of Travel counts over the 39 KPIs with data; one DoT change.
    assert _count("dot_q1", with_data_only=True) == {"+": 11, "=": 21, "-": 7}
    assert _count("dot_q2", with_data_only=True) == {"+": 11, "=": 22, "-": 6}
    dot_changes = [kpi["indicator"] for kpi in KPIS if kpi["dot_q1"] != kpi["dot_q2"]]
    assert dot_changes == [OUT_OF_COUNTY], dot_changes
    assert by_indicator[OUT_OF_COUNTY]["dot_q1"] == "-"
    assert by_indicator[OUT_OF_COUNTY]["dot_q2"] == "="

    # 6. Known facts and plausibility.
    assert by_indicator[CONTACT_POINT_CALLS]["rag_q1"] == "A"
    assert by_indicator[CONTACT_POINT_CALLS]["rag_q2"] == "A"
    nue = by_indicator[NO_USE_EMPTY]
    assert (nue["rag_q2"], nue["unit"], nue["polarity"]) == ("G", "number", "H")
    red_improving = [k for k in KPIS if k["rag_q2"] == "R" and k["dot_q2"] == "+"]
    assert len(red_improving) <= 2, [k["kpi_id"] for k in red_improving]
    assert not [k for k in KPIS if k["rag_q2"] == "G" and k["dot_q2"] == "-"]


if __name__ == "__main__":
    check_counts()
    print(f"kpi_catalogue: {len(KPIS)} KPIs, all catalogue checks passed")
