"""Personal data (GDPR): what a person may take away, what they agreed to, and how they
are erased (Facts §6).

- `export`: "My data", everything held about one person as a ZIP (Art. 15, 20);
- `consent`: consent records for newsletters and photos (Art. 6(1)(a), 7);
- `erasure`: requests, the secretariat's decision and the anonymisation itself (Art. 17),
  which keeps what a law requires (the member register, minutes, accounting);
- `retention`: anonymising people whose relationship ended long ago (Art. 5(1)(e)).
"""
